package org.fraudstream.updater;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.fraudstream.contract.DlqRecord;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.RejectReason;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.model.ModelUpdate;
import org.fraudstream.updater.internals.JoinProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The updater topology through {@link TopologyTestDriver}, with explicit record timestamps (stream
 * time drives the join's expiry) and an explicit wall clock (it drives the batch's max wait).
 */
class UpdaterTopologyTest {

    private static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");
    private static final long T0 = WALL.toEpochMilli();
    private static final Duration FEEDBACK_WAIT = Duration.ofSeconds(10);
    private static final Duration RETENTION = Duration.ofHours(1);
    private static final String EXAMPLES = "topology-test-" + UpdaterTopology.EXAMPLES_TOPIC + "-repartition";

    @TempDir
    Path tmp;

    private final UpdaterMetrics metrics = new UpdaterMetrics(new SimpleMeterRegistry());
    private TopologyTestDriver driver;
    private ModelArchive archive;
    private TestInputTopic<String, ScoredEvent> scored;
    private TestInputTopic<String, byte[]> feedback;
    private TestInputTopic<String, byte[]> modelUpdatesIn;
    private TestOutputTopic<String, byte[]> modelUpdates;
    private TestOutputTopic<String, LabeledExample> examples;
    private TestOutputTopic<String, byte[]> unmatched;
    private TestOutputTopic<String, DlqRecord> dlq;

    /** Batches of 8, max wait 5 s, every 3rd label held out, the gate needs 2. */
    private void start(Map<String, String> overrides) {
        final Map<String, String> env = new HashMap<>(Map.of(
                "FRAUD_MODEL_DIR", tmp.resolve("unused-base").toString(),
                "FRAUD_UPDATER_MODEL_DIR", tmp.resolve("versions").toString(),
                "FRAUD_STATE_DIR", tmp.resolve("state").toString(),
                "FRAUD_UPDATER_APPLICATION_ID", "topology-test",
                "FRAUD_UPDATER_BATCH_SIZE", "8",
                "FRAUD_UPDATER_HOLDOUT_EVERY", "3",
                "FRAUD_UPDATER_HOLDOUT_MIN", "2",
                "FRAUD_UPDATER_LEARNING_RATE", "0.5",
                "FRAUD_UPDATER_SCORED_RETENTION_MS", Long.toString(RETENTION.toMillis()),
                "FRAUD_UPDATER_FEEDBACK_WAIT_MS", Long.toString(FEEDBACK_WAIT.toMillis())));
        env.putAll(overrides);
        final UpdaterConfig cfg = UpdaterConfig.fromEnv(env);
        archive = new ModelArchive(cfg.archiveDir());
        driver = new TopologyTestDriver(UpdaterTopology.build(cfg, TestBundles.base(), archive, metrics),
                cfg.toStreamsProperties(), WALL);
        final UpdaterTopics t = cfg.topics();
        scored = driver.createInputTopic(t.scored().name(), Serdes.String().serializer(),
                t.scored().valueSerde().serializer());
        feedback = driver.createInputTopic(t.feedback().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        modelUpdatesIn = driver.createInputTopic(t.modelUpdates().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        modelUpdates = driver.createOutputTopic(t.modelUpdates().name(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        examples = driver.createOutputTopic(EXAMPLES, Serdes.String().deserializer(),
                JsonSerde.of(LabeledExample.class).deserializer());
        unmatched = driver.createOutputTopic(t.feedbackUnmatched().name(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        dlq = driver.createOutputTopic(t.feedbackDlq().name(), Serdes.String().deserializer(),
                t.feedbackDlq().valueSerde().deserializer());
    }

    private void start() {
        start(Map.of());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Label {@code i} (1-based): fraud when odd; so every run of labels holds both classes. */
    private static boolean fraud(int i) {
        return i % 2 == 1;
    }

    /** Scored event and feedback for labels {@code from..to}, one second apart from {@code T0 + from s}. */
    private void labels(int from, int to) {
        for (int i = from; i <= to; i++) {
            final String txn = "t" + i;
            scored.pipeInput(txn, TestBundles.scored(txn, TestBundles.vector(fraud(i), i)), T0 + i * 1_000L);
            feedback.pipeInput(txn, Feedbacks.of(txn, fraud(i)), T0 + i * 1_000L + 500);
        }
    }

    private List<ModelUpdate> published() {
        return modelUpdates.readValuesToList().stream().map(ModelUpdate::fromBytes).toList();
    }

    @Test
    void shouldJoinTheServedVectorWhenFeedbackComesAfterScored() {
        start();
        final double[] served = TestBundles.vector(true, 1);

        scored.pipeInput("t1", TestBundles.scored("t1", served), T0);
        feedback.pipeInput("t1", Feedbacks.of("t1", true), T0 + 3_600_000L);

        final TestRecord<String, LabeledExample> out = examples.readRecord();
        assertThat(out.key()).isEqualTo(ModelUpdate.KEY);
        assertThat(out.value().transactionId()).isEqualTo("t1");
        assertThat(out.value().features()).containsExactly(served);
        assertThat(out.value().fraud()).isTrue();
        assertThat(out.value().servedModelVersion()).isEqualTo(TestBundles.BASE_VERSION);
        assertThat(out.value().labeledAtMs()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z").toEpochMilli());
        assertThat(examples.isEmpty()).isTrue();
        assertThat(metrics.labels()).isEqualTo(1.0);
    }

    @Test
    void shouldJoinWhenFeedbackComesBeforeItsScoredEvent() {
        start();
        final double[] served = TestBundles.vector(false, 2);

        feedback.pipeInput("t2", Feedbacks.of("t2", false), T0);
        assertThat(examples.isEmpty()).as("nothing to join yet").isTrue();
        scored.pipeInput("t2", TestBundles.scored("t2", served), T0 + 2_000);
        scored.pipeInput("later", TestBundles.scored("later", served), T0 + FEEDBACK_WAIT.toMillis() * 3);

        final LabeledExample e = examples.readValue();
        assertThat(e.transactionId()).isEqualTo("t2");
        assertThat(e.fraud()).isFalse();
        assertThat(e.features()).containsExactly(served);
        assertThat(unmatched.isEmpty()).as("matched feedback is not also unmatched").isTrue();
        assertThat(metrics.unmatchedCount()).isZero();
    }

    @Test
    void shouldWriteFeedbackForAnUnknownTransactionToUnmatchedAfterTheWait() {
        start();
        final byte[] raw = Feedbacks.of("nobody", true);

        feedback.pipeInput("nobody", raw, T0);
        scored.pipeInput("other", TestBundles.scored("other", TestBundles.vector(false, 3)),
                T0 + FEEDBACK_WAIT.toMillis() - 1);
        assertThat(unmatched.isEmpty()).as("still within the wait").isTrue();
        scored.pipeInput("other2", TestBundles.scored("other2", TestBundles.vector(false, 4)),
                T0 + FEEDBACK_WAIT.toMillis() * 2);

        final TestRecord<String, byte[]> out = unmatched.readRecord();
        assertThat(out.key()).isEqualTo("nobody");
        assertThat(out.value()).isEqualTo(raw);
        assertThat(out.timestamp()).isEqualTo(T0);
        assertThat(new String(out.headers().lastHeader(JoinProcessor.UNMATCHED_REASON_HEADER).value(),
                StandardCharsets.UTF_8)).contains("no scored event with transaction id nobody");
        assertThat(metrics.unmatchedCount()).isEqualTo(1.0);
        assertThat(examples.isEmpty()).isTrue();
    }

    @Test
    void shouldNotJoinAScoredVectorOlderThanTheRetention() {
        start();
        scored.pipeInput("old", TestBundles.scored("old", TestBundles.vector(true, 5)), T0);
        scored.pipeInput("new", TestBundles.scored("new", TestBundles.vector(true, 6)), T0 + RETENTION.toMillis() + 1);

        feedback.pipeInput("old", Feedbacks.of("old", true), T0 + RETENTION.toMillis() + 2);
        feedback.pipeInput("new", Feedbacks.of("new", true), T0 + RETENTION.toMillis() + 3);
        scored.pipeInput("tick", TestBundles.scored("tick", TestBundles.vector(true, 7)),
                T0 + RETENTION.toMillis() + FEEDBACK_WAIT.toMillis() * 2);

        assertThat(examples.readValuesToList()).extracting(LabeledExample::transactionId).containsExactly("new");
        assertThat(unmatched.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("old");
    }

    @Test
    void shouldSendFeedbackThatIsNotFeedbackV1ToTheDlqWithItsSource() {
        start();
        feedback.pipeInput("x", Feedbacks.raw("not json"), T0);
        feedback.pipeInput("t9", Feedbacks.raw("{\"transactionId\":\"t9\",\"analystId\":\"a\"}"), T0 + 1);
        feedback.pipeInput("t9", Feedbacks.raw("{\"transactionId\":\"t9\",\"label\":\"MAYBE\"}"), T0 + 2);

        final List<DlqRecord> out = dlq.readValuesToList();
        assertThat(out).extracting(DlqRecord::reason)
                .containsExactly(RejectReason.NOT_JSON, RejectReason.MISSING_FIELD, RejectReason.WRONG_TYPE);
        assertThat(out.get(1).transactionId()).isEqualTo("t9");
        assertThat(out.get(1).detail()).contains("label");
        assertThat(out).extracting(DlqRecord::sourceTopic).containsOnly("feedback");
        assertThat(out).extracting(DlqRecord::sourceOffset).containsExactly(0L, 1L, 2L);
        assertThat(examples.isEmpty()).isTrue();
    }

    @Test
    void shouldPublishAVersionDerivedFromTheBaseWhenTheBatchIsFull() throws Exception {
        start();

        labels(1, 10); // labels 3, 6, 9 go to the holdout: 7 in the batch
        assertThat(modelUpdates.isEmpty()).as("7 of 8").isTrue();
        labels(11, 11);

        final List<ModelUpdate> out = published();
        assertThat(out).hasSize(1);
        final ModelUpdate u = out.get(0);
        assertThat(u.version()).matches("sgd-online-1-[0-9a-f]{8}");
        assertThat(u.parentVersion()).isEqualTo(TestBundles.BASE_VERSION);
        assertThat(u.labelsUsed()).isEqualTo(8);
        assertThat(u.gate().holdoutSize()).isEqualTo(3);
        assertThat(u.gate().candidate()).isLessThanOrEqualTo(u.gate().current() + 0.001);
        assertThat(u.featureNames()).isEqualTo(FeaturesV1.NAMES);
        assertThat(u.featuresHash()).isEqualTo(FeaturesV1.HASH);
        assertThat(u.toLogisticModel().weights()[TestData.EXCLUDED]).as("excluded at training").isEqualTo(0.0);
        assertThat(u.toLogisticModel().weights()[TestData.SIGNAL]).isPositive();
        assertThat(archive.load(u.version())).contains(u);
        assertThat(Files.exists(archive.file(TestBundles.BASE_VERSION))).as("the base, for rollbacks").isTrue();
        assertThat(metrics.updates()).isEqualTo(1.0);
        assertThat(metrics.currentVersion()).isEqualTo(u.version());
    }

    @Test
    void shouldPublishAPartialBatchWhenItsMaxWaitHasPassed() {
        start();

        labels(1, 6); // 4 in the batch (both classes), 2 held out
        driver.advanceWallClockTime(Duration.ofMillis(4_000));
        assertThat(modelUpdates.isEmpty()).as("before the max wait").isTrue();
        driver.advanceWallClockTime(Duration.ofMillis(1_000));

        final List<ModelUpdate> out = published();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).labelsUsed()).isEqualTo(4);
        assertThat(out.get(0).createdAt()).isEqualTo(WALL.plusSeconds(5).toString());
    }

    @Test
    void shouldHoldASingleClassBatchAndFitItWithTheNextLabels() {
        start(Map.of("FRAUD_UPDATER_BATCH_SIZE", "4"));
        for (int i = 1; i <= 6; i++) { // all legit: 4 in the batch, 2 held out
            final String txn = "legit" + i;
            scored.pipeInput(txn, TestBundles.scored(txn, TestBundles.vector(false, 100 + i)), T0 + i);
            feedback.pipeInput(txn, Feedbacks.of(txn, false), T0 + i);
        }
        assertThat(modelUpdates.isEmpty()).isTrue();

        labels(7, 12); // 4 more in the batch: the held 4 and these are fitted together

        final List<ModelUpdate> out = published();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).labelsUsed()).isEqualTo(8);
    }

    @Test
    void shouldRejectAndCountACandidateTrainedOnFlippedLabels() {
        start(Map.of("FRAUD_UPDATER_HOLDOUT_EVERY", "2", "FRAUD_UPDATER_HOLDOUT_MIN", "7"));
        for (int i = 1; i <= 32; i++) { // odd i train, even i are held out; both see both classes
            final String txn = "t" + i;
            final boolean fraud = i % 4 < 2;
            scored.pipeInput(txn, TestBundles.scored(txn, TestBundles.vector(fraud, i)), T0 + i * 1_000L);
            final boolean poisoned = i > 16 && i % 2 == 1; // the second batch has every label flipped
            feedback.pipeInput(txn, Feedbacks.of(txn, poisoned != fraud), T0 + i * 1_000L + 500);
            if (i == 16) {
                assertThat(published()).as("a first, honest update").hasSize(1);
            }
        }

        assertThat(modelUpdates.isEmpty()).as("the poisoned candidate is not published").isTrue();
        assertThat(metrics.rejections()).isEqualTo(1.0);
        assertThat(metrics.currentVersion()).startsWith("sgd-online-1-");
    }

    @Test
    void shouldContinueFromARollbackThatModelUpdatesCarries() {
        start();
        final ModelUpdate rollback = new ModelUpdate("sgd-rollback-20260101000000-0badcafe", TestBundles.BASE_VERSION,
                "2026-01-01T00:00:00Z", FeaturesV1.VERSION, FeaturesV1.HASH, FeaturesV1.NAMES,
                ModelUpdate.Sgd.of(TestData.untrained()), 0, ModelUpdate.Gate.none());

        modelUpdatesIn.pipeInput(ModelUpdate.KEY, rollback.toBytes(), T0);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(metrics.currentVersion()).isEqualTo(rollback.version());
        assertThat(archive.load(rollback.version())).contains(rollback);
        labels(1, 11);

        final List<ModelUpdate> out = published();
        assertThat(out).extracting(ModelUpdate::parentVersion).containsExactly(rollback.version());
    }

    @Test
    void shouldPublishARollbackAgainAsANewVersionWhenAnUpdateOfOursWasWrittenAfterIt() {
        start();
        labels(1, 11);
        final ModelUpdate ours = published().get(0);
        final ModelUpdate rollback = new ModelUpdate("sgd-rollback-20260101000000-0badcafe", TestBundles.BASE_VERSION,
                "2026-01-01T00:00:00Z", FeaturesV1.VERSION, FeaturesV1.HASH, FeaturesV1.NAMES,
                ModelUpdate.Sgd.of(TestData.untrained()), 0, ModelUpdate.Gate.none());

        // the log: the rollback, then an update that was in flight when it was written
        modelUpdatesIn.pipeInput(ModelUpdate.KEY, rollback.toBytes(), T0 + 20_000);
        modelUpdatesIn.pipeInput(ModelUpdate.KEY, ours.toBytes(), T0 + 20_001);
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        // not the rollback record again (created before ours, the scoring app would refuse it as stale):
        // its weights as a new rollback version, created now
        final List<ModelUpdate> again = published();
        assertThat(again).hasSize(1);
        assertThat(again.get(0).version()).startsWith(ModelUpdate.ROLLBACK_PREFIX).isNotEqualTo(rollback.version());
        assertThat(again.get(0).parentVersion()).isEqualTo(rollback.version());
        assertThat(again.get(0).sgd()).isEqualTo(rollback.sgd());
        assertThat(java.time.Instant.parse(again.get(0).createdAt()))
                .isAfter(java.time.Instant.parse(ours.createdAt()));
        assertThat(metrics.currentVersion()).isEqualTo(again.get(0).version());
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(published()).as("published once, not again on the next tick").isEmpty();
    }
}
