package org.fraudstream.updater;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.kafka.EmbeddedKafka;
import org.fraudstream.model.ModelUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The updater against a real broker (Kafka's own KRaft server, in this JVM), under exactly_once_v2:
 * scored events and analysts' feedback in, a model version derived from the base bundle out on
 * model-updates; then a rollback, which the running updater adopts; then a fresh instance (no local
 * state), which continues from what model-updates says.
 */
class UpdaterServiceIT {

    private static final String PREFIX = "it-";
    private static final int LABELS = 200;
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    @TempDir
    static Path work;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start(work.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static UpdaterConfig config(String applicationId) {
        final Map<String, String> env = new HashMap<>();
        env.put("FRAUD_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("FRAUD_MODEL_DIR", work.resolve("base").toString());
        env.put("FRAUD_UPDATER_MODEL_DIR", work.resolve("versions").toString());
        env.put("FRAUD_STATE_DIR", work.resolve("state").toString());
        env.put("FRAUD_TOPIC_PREFIX", PREFIX);
        env.put("FRAUD_UPDATER_APPLICATION_ID", applicationId);
        env.put("FRAUD_UPDATER_PORT", "0");
        env.put("FRAUD_UPDATER_BATCH_SIZE", "64");
        env.put("FRAUD_UPDATER_MAX_WAIT_MS", "1000");
        env.put("FRAUD_UPDATER_HOLDOUT_EVERY", "4");
        env.put("FRAUD_UPDATER_HOLDOUT_MIN", "16");
        env.put("FRAUD_UPDATER_FEEDBACK_WAIT_MS", "2000");
        env.put("FRAUD_UPDATER_LEARNING_RATE", "0.2");
        return UpdaterConfig.fromEnv(env);
    }

    @Test
    void shouldPublishAnUpdateFromTheBaseThenFollowARollbackAndSurviveAFreshStart() throws Exception {
        final UpdaterTopics topics = UpdaterConfig.fromEnv(Map.of("FRAUD_MODEL_DIR", "x", "FRAUD_TOPIC_PREFIX", PREFIX))
                .topics();
        kafka.createTopics(List.of(topics.feedback().name(), topics.scored().name()), 2);
        kafka.createTopics(List.of(topics.modelUpdates().name(), topics.feedbackDlq().name(),
                topics.feedbackUnmatched().name()), 1);
        TestBundles.saveUntrained(work.resolve("base"));
        final String rollback;

        try (UpdaterService updater = UpdaterService.create(config("it-updater")).start().awaitRunning(DEADLINE)) {
            final byte[] unknown = Feedbacks.of("it-unknown", true);
            produce(topics, unknown);

            Await.until(() -> !readAll(topics.modelUpdates().name()).isEmpty(), DEADLINE, () -> "no model update; "
                    + updater.health().detailsJson());
            final ModelUpdate first = ModelUpdate.fromBytes(readAll(topics.modelUpdates().name()).get(0));
            assertThat(first.parentVersion()).isEqualTo(TestBundles.BASE_VERSION);
            assertThat(first.version()).matches("sgd-online-1-[0-9a-f]{8}");
            assertThat(new ModelArchive(work.resolve("versions")).load(first.version())).contains(first);

            Await.until(() -> updater.metrics().labels() == LABELS && updater.metrics().unmatchedCount() == 1,
                    DEADLINE, () -> updater.metrics().labels() + " labels, " + updater.metrics().unmatchedCount()
                            + " unmatched");
            assertThat(readAll(topics.feedbackUnmatched().name())).containsExactly(unknown);
            assertEndpoints(updater.httpPort());

            rollback = rollBackTo(TestBundles.BASE_VERSION);
            Await.until(() -> updater.currentVersion().equals(rollback), DEADLINE,
                    () -> "the updater uses " + updater.currentVersion());
        }

        final int before = readAll(topics.modelUpdates().name()).size();
        try (UpdaterService fresh = UpdaterService.create(config("it-updater-fresh")).start().awaitRunning(DEADLINE)) {
            // no local state and fresh offsets: it learns from all the labels again, starting from the rollback
            Await.until(() -> readAll(topics.modelUpdates().name()).size() > before, DEADLINE,
                    () -> "no new update; " + fresh.health().detailsJson());
            final ModelUpdate next = ModelUpdate.fromBytes(readAll(topics.modelUpdates().name()).get(before));
            assertThat(next.parentVersion()).isEqualTo(rollback);
            assertThat(ModelArchive.onlineNumber(next.version()).orElseThrow())
                    .as("numbers continue past the archived versions").isGreaterThan(1);
        }
    }

    /** LABELS scored events and their feedback, and one feedback for a transaction never scored. */
    private static void produce(UpdaterTopics topics, byte[] unknown) {
        final long t0 = System.currentTimeMillis();
        final var scoredSerde = JsonSerde.of(ScoredEvent.class);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topics.feedback().name(), null, t0, "it-unknown", unknown));
            for (int i = 0; i < LABELS; i++) {
                final String txn = "it-" + i;
                final boolean fraud = i % 3 == 0;
                final long ts = t0 + i * 50L; // 10 s of event time: the unknown id's wait (2 s) runs out
                p.send(new ProducerRecord<>(topics.scored().name(), null, ts, txn,
                        scoredSerde.toBytes(TestBundles.scored(txn, TestBundles.vector(fraud, i)))));
                p.send(new ProducerRecord<>(topics.feedback().name(), null, ts + 25, txn, Feedbacks.of(txn, fraud)));
            }
            p.flush();
        }
    }

    private static String rollBackTo(String version) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = new CommandLine(new ModelCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute("rollback", "--to", version,
                        "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", PREFIX,
                        "--model-dir", work.resolve("versions").toString());
        assertThat(code).as("rollback: %s%s", out, err).isZero();
        final ModelUpdate latest = ModelUpdate.fromBytes(last(readAll(PREFIX + "model-updates")));
        assertThat(latest.parentVersion()).isEqualTo(version);
        assertThat(out.toString()).contains("rolled back to " + version + ": published " + latest.version());
        return latest.version();
    }

    private static void assertEndpoints(int port) throws Exception {
        final HttpClient http = HttpClient.newHttpClient();
        final HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("RUNNING", "sgd-online-");
        final String metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("online_labels_total " + (double) LABELS, "online_labels_unmatched_total 1.0",
                "online_gate_rejections_total", "model_version{version=\"sgd-online-",
                "kafka_stream_thread_process_total", "jvm_memory_used_bytes");
        assertThat(metrics.lines().filter(l -> l.startsWith("online_updates_total ")).findFirst().orElseThrow())
                .isNotEqualTo("online_updates_total 0.0");
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    /** Every committed value on {@code topic}, in offset order (one partition). */
    private static List<byte[]> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            final Map<TopicPartition, Long> end = c.endOffsets(parts);
            final List<byte[]> out = new ArrayList<>();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
            return out;
        }
    }
}
