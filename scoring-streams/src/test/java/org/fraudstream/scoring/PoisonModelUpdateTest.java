package org.fraudstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.ingest.EventParser;
import org.fraudstream.model.EnsembleScorer;
import org.fraudstream.model.LogisticModel;
import org.fraudstream.model.ModelUpdate;
import org.fraudstream.model.Scorers;
import org.fraudstream.model.SgdMember;
import org.fraudstream.model.Stacker;
import org.fraudstream.scoring.ScoringMetrics.UpdateRejection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison on model-updates: each bad update is rejected, counted under its reason in
 * {@code model_updates_rejected_total{reason}}, and the events after it are still scored by the
 * version that was in use before it.
 */
class PoisonModelUpdateTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> in;
    private TestInputTopic<String, byte[]> updates;
    private TestOutputTopic<String, ScoredEvent> scored;
    private int sent;

    @BeforeEach
    void start() {
        final ScoringTopics t = ScoringTopics.defaults();
        final ScoringConfig cfg = new ScoringConfig("unused:9092", "poison-test", StreamsConfig.EXACTLY_ONCE_V2,
                stateDir, stateDir, 1, null, "", ScoringConfig.NO_HTTP, Map.of());
        final EnsembleScorer base = new EnsembleScorer(List.of(new SgdMember(model(-6.0), FeaturesV1.NAMES)),
                Stacker.only(List.of(SgdMember.NAME), SgdMember.NAME), "base", 0.5);
        driver = new TopologyTestDriver(ScoringTopology.build(t, new ModelHolder(Scorers.forEnsemble(base, Scorers.JVM)),
                new EventParser(), new ScoringMetrics(registry)), cfg.toStreamsProperties());
        in = driver.createInputTopic(t.transactions().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        updates = driver.createInputTopic(t.modelUpdates().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        scored = driver.createOutputTopic(t.scored().name(), Serdes.String().deserializer(),
                t.scored().valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldRegisterEveryReasonAtZeroWhenTheAppStarts() {
        for (UpdateRejection r : UpdateRejection.values()) {
            assertThat(rejected(r)).as(r.tag()).isZero();
        }
        assertThat(Arrays.stream(UpdateRejection.values()).map(UpdateRejection::tag))
                .contains("unreadable", "features_mismatch", "non_finite", "stale_version");
    }

    @Test
    void shouldKeepScoringWithTheBaseWhenAnUpdateIsTruncated() {
        final byte[] whole = update("sgd-online-1", T0.plusSeconds(60), 6.0).toBytes();

        poison(Arrays.copyOf(whole, whole.length / 2));

        assertScoredBy("base");
        assertThat(rejected(UpdateRejection.UNREADABLE)).isEqualTo(1.0);
    }

    @Test
    void shouldKeepScoringWithTheVersionInUseWhenEachPoisonComes() {
        apply(update("sgd-online-2", T0.plusSeconds(120), 6.0));

        poison(withHash(update("sgd-online-3", T0.plusSeconds(180), -6.0), "0".repeat(64)).toBytes());
        assertScoredBy("sgd-online-2");
        poison(new String(update("sgd-online-4", T0.plusSeconds(240), -6.0).toBytes(), StandardCharsets.UTF_8)
                .replaceFirst("\"weights\":\\[0\\.0", "\"weights\":[NaN").getBytes(StandardCharsets.UTF_8));
        assertScoredBy("sgd-online-2");
        poison(new String(update("sgd-online-5", T0.plusSeconds(300), -6.0).toBytes(), StandardCharsets.UTF_8)
                .replace("\"bias\":-6.0", "\"bias\":-1e999").getBytes(StandardCharsets.UTF_8));
        assertScoredBy("sgd-online-2");
        poison(update("sgd-online-1", T0.plusSeconds(60), -6.0).toBytes()); // created before the one in use
        assertScoredBy("sgd-online-2");
        poison(update("sgd-online-2", T0.plusSeconds(120), -6.0).toBytes()); // the one in use, again
        assertScoredBy("sgd-online-2");
        poison(update("sgd-other", T0.plusSeconds(120), -6.0).toBytes()); // created at the same instant
        assertScoredBy("sgd-online-2");

        assertThat(rejected(UpdateRejection.FEATURES_MISMATCH)).isEqualTo(1.0);
        assertThat(rejected(UpdateRejection.NON_FINITE)).isEqualTo(2.0);
        assertThat(rejected(UpdateRejection.STALE_VERSION)).isEqualTo(3.0);
        assertThat(rejected(UpdateRejection.UNREADABLE)).isZero();
        assertThat(registry.get("model.swaps").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldApplyARollbackBecauseItIsPublishedAsANewVersion() {
        final ModelUpdate first = update("sgd-online-1", T0.plusSeconds(60), 6.0);
        apply(first);
        apply(update("sgd-online-2", T0.plusSeconds(120), -6.0));

        // what `fraud model rollback --to sgd-online-1` publishes: the old weights as a version made now
        final ModelUpdate rollback = new ModelUpdate("sgd-rollback-20260101000300000-" + ModelUpdate.shortHash(
                first.toLogisticModel()), first.version(), T0.plusSeconds(180).toString(), first.featuresVersion(),
                first.featuresHash(), first.featureNames(), first.sgd(), 0, ModelUpdate.Gate.none());
        apply(rollback);

        assertThat(registry.get("model.swaps").counter().count()).isEqualTo(3.0);
        for (UpdateRejection r : UpdateRejection.values()) {
            assertThat(rejected(r)).as(r.tag()).isZero();
        }
    }

    private void apply(ModelUpdate u) {
        updates.pipeInput(ModelUpdate.KEY, u.toBytes(), T0);
        assertScoredBy(u.version());
    }

    private void poison(byte[] value) {
        updates.pipeInput(ModelUpdate.KEY, value, T0);
    }

    /** Sends three events and checks that the version named scored them. */
    private void assertScoredBy(String version) {
        for (int i = 0; i < 3; i++, sent++) {
            in.pipeInput("C" + sent, Events.bytes("t-" + sent, "C" + sent, 1, "PAYMENT", 10.0 + sent),
                    T0.plusSeconds(sent));
        }
        assertThat(scored.readValuesToList()).extracting(ScoredEvent::modelVersion).hasSize(3).containsOnly(version);
    }

    private double rejected(UpdateRejection reason) {
        return registry.get("model.updates.rejected").tag("reason", reason.tag()).counter().count();
    }

    /** All weights 0: the score is sigmoid(bias) for every event. */
    private static LogisticModel model(double bias) {
        final double[] ones = new double[FeaturesV1.SIZE];
        Arrays.fill(ones, 1.0);
        return new LogisticModel(new double[FeaturesV1.SIZE], bias, new double[FeaturesV1.SIZE], ones);
    }

    private static ModelUpdate update(String version, Instant createdAt, double bias) {
        final LogisticModel m = model(bias);
        return new ModelUpdate(version, "base", createdAt.toString(), FeaturesV1.VERSION, FeaturesV1.HASH,
                FeaturesV1.NAMES, ModelUpdate.Sgd.of(m), 64, ModelUpdate.Gate.none());
    }

    private static ModelUpdate withHash(ModelUpdate u, String hash) {
        return new ModelUpdate(u.version(), u.parentVersion(), u.createdAt(), u.featuresVersion(), hash,
                u.featureNames(), u.sgd(), u.labelsUsed(), u.gate());
    }
}
