package org.fraudstream.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fraudstream.contract.Feedback;
import org.fraudstream.contract.FeedbackLabel;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.Reason;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.Topics;
import org.fraudstream.contract.TransactionType;
import org.fraudstream.kafka.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feedback API against a real broker (Kafka's own KRaft server, in this JVM): labels end as
 * records on the feedback topic, read back with a consumer; retries make one record; the alert
 * queue shows anomalies from the anomalies topic and which were labeled; a label the broker does
 * not acknowledge gets 503 and leaves no record.
 */
class FeedbackServiceIT {

    private static final String KEY = "it-key-0123456789abcdef";
    private static final String PREFIX = "it-";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    private static EmbeddedKafka kafka;
    private static FeedbackService service;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(work.resolve("kafka"));
        kafka.createTopics(List.of(PREFIX + "feedback"), 3);
        kafka.createTopics(List.of(PREFIX + "anomalies"), 1); // one partition: a total order to check
        kafka.createTopics(List.of(PREFIX + "model-updates"), 1, Map.of("cleanup.policy", "compact"));
        service = FeedbackService.create(config(PREFIX, Duration.ofSeconds(10))).start();
        http = new Http(service.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldWriteOneRecordKeyedByTransactionIdWhenFeedbackIsAccepted() throws IOException {
        final String txn = "t-" + UUID.randomUUID();
        final String body = "{\"transactionId\":\"" + txn + "\",\"label\":\"FRAUD\",\"analystId\":\"ana\","
                + "\"note\":\"card reported stolen\",\"labeledAt\":1704067200000}";

        final Http.Response r = http.postJson("/feedback", KEY, body);

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().path("duplicate").asBoolean(true)).isFalse();
        final List<ConsumerRecord<String, byte[]>> records = recordsFor(PREFIX + "feedback", txn);
        assertThat(records).hasSize(1);
        final ConsumerRecord<String, byte[]> rec = records.get(0);
        assertThat(rec.partition()).isEqualTo(r.json().path("partition").asInt());
        assertThat(rec.offset()).isEqualTo(r.json().path("offset").asLong());
        assertThat(JsonSerde.of(Feedback.class).fromBytes(rec.value()))
                .isEqualTo(new Feedback(txn, FeedbackLabel.FRAUD, "ana", "card reported stolen", 1704067200000L));
        assertThat(schema().validate(JsonSerde.MAPPER.readTree(rec.value()))).isEmpty();
    }

    @Test
    void shouldStampTheReceiveTimeWhenLabeledAtIsAbsent() {
        final String txn = "t-" + UUID.randomUUID();
        final long before = System.currentTimeMillis();

        assertThat(http.postJson("/feedback", KEY, feedback(txn, "LEGIT", "bob")).status()).isEqualTo(202);

        final Feedback written = JsonSerde.of(Feedback.class)
                .fromBytes(recordsFor(PREFIX + "feedback", txn).get(0).value());
        assertThat(written.labeledAt()).isBetween(before, System.currentTimeMillis());
        assertThat(written.note()).isNull();
    }

    @Test
    void shouldWriteExactlyOneRecordWhenTheSameFeedbackIsRetried() throws Exception {
        final String txn = "t-" + UUID.randomUUID();
        final String body = feedback(txn, "FRAUD", "ana");
        final List<Callable<Http.Response>> retries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            retries.add(() -> http.postJson("/feedback", KEY, body));
        }

        final List<Http.Response> concurrent = all(retries);
        final Http.Response later = http.postJson("/feedback", KEY, body);

        final List<Http.Response> answers = new ArrayList<>(concurrent);
        answers.add(later);
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(202));
        assertThat(answers).filteredOn(r -> !r.json().path("duplicate").asBoolean()).hasSize(1);
        assertThat(answers).extracting(r -> r.json().path("offset").asLong()).containsOnly(
                later.json().path("offset").asLong());
        assertThat(recordsFor(PREFIX + "feedback", txn)).hasSize(1);
    }

    @Test
    void shouldPublishACorrectionWhenTheLabelChanges() {
        final String txn = "t-" + UUID.randomUUID();

        assertThat(http.postJson("/feedback", KEY, feedback(txn, "FRAUD", "ana")).status()).isEqualTo(202);
        assertThat(http.postJson("/feedback", KEY, feedback(txn, "LEGIT", "ana")).status()).isEqualTo(202);

        final List<ConsumerRecord<String, byte[]>> records = recordsFor(PREFIX + "feedback", txn);
        assertThat(records).extracting(r -> JsonSerde.of(Feedback.class).fromBytes(r.value()).label())
                .containsExactly(FeedbackLabel.FRAUD, FeedbackLabel.LEGIT);
    }

    @Test
    void shouldListAnomaliesNewestFirstAndMarkThemLabeledWhenFeedbackWasAccepted() throws Exception {
        final String older = "a-" + UUID.randomUUID();
        final String newer = "a-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(PREFIX + "anomalies", "C1", anomaly(older))).get();
            producer.send(new ProducerRecord<>(PREFIX + "anomalies", "C1",
                    "{not json".getBytes(StandardCharsets.UTF_8))).get(); // skipped, not fatal
            producer.send(new ProducerRecord<>(PREFIX + "anomalies", "C1", anomaly(newer))).get();
        }
        Await.until(() -> alertIds().contains(newer), WAIT, () -> "alerts: " + alertIds());

        assertThat(http.postJson("/feedback", KEY, feedback(older, "FRAUD", "ana")).status()).isEqualTo(202);

        final JsonNode alerts = http.get("/alerts?limit=1000", KEY).json().path("alerts");
        final List<String> ids = alertIds();
        assertThat(ids.indexOf(newer)).isLessThan(ids.indexOf(older)).isNotNegative();
        final JsonNode labeled = find(alerts, older);
        assertThat(labeled.path("labeled").asBoolean()).isTrue();
        assertThat(labeled.path("score").asDouble()).isEqualTo(0.97);
        assertThat(labeled.path("modelVersion").asText()).isEqualTo("sgd-v1");
        assertThat(labeled.path("reasons").get(0).path("feature").asText()).isEqualTo("log_amount");
        assertThat(find(alerts, newer).path("labeled").asBoolean()).isFalse();
        assertThat(http.get("/alerts?limit=1", KEY).json().path("alerts")).hasSize(1);
    }

    @Test
    void shouldShowModelVersionsNewestFirstAndSkipUnreadableOnesWhenModelUpdatesArePublished() throws Exception {
        final String root = "sgd-online-1-" + UUID.randomUUID().toString().substring(0, 8);
        final String child = "sgd-online-2-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(schema("model_update_v1").validate(JsonSerde.MAPPER.readTree(modelUpdate(child, root, 64))))
                .as("the test's model update is model_update_v1").isEmpty();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(PREFIX + "model-updates", "sgd", modelUpdate(root, null, 0))).get();
            producer.send(new ProducerRecord<>(PREFIX + "model-updates", "sgd",
                    "{\"version\":42}".getBytes(StandardCharsets.UTF_8))).get(); // skipped, not fatal
            producer.send(new ProducerRecord<>(PREFIX + "model-updates", "sgd", modelUpdate(child, root, 64))).get();
        }
        Await.until(() -> modelVersions().contains(child), WAIT, () -> "models: " + modelVersions());

        final JsonNode body = http.get("/models", KEY).json();
        assertThat(modelVersions()).containsSubsequence(child, root);
        final JsonNode newest = body.path("versions").get(0);
        assertThat(newest.path("version").asText()).isEqualTo(child);
        assertThat(newest.path("parentVersion").asText()).isEqualTo(root);
        assertThat(newest.path("labelsUsed").asLong()).isEqualTo(64);
        assertThat(newest.path("createdAt").asText()).isEqualTo("2025-01-01T12:00:00Z");
        assertThat(newest.path("gateMetric").asText()).isEqualTo("log_loss");
        assertThat(newest.path("gateCandidate").asDouble()).isEqualTo(0.21);
        assertThat(newest.path("publishedAtMs").asLong()).isPositive();
        assertThat(body.path("versions").get(1).path("parentVersion").isNull()).isTrue();
        assertThat(http.get("/models?limit=1", KEY).json().path("versions")).hasSize(1);
        assertThat(http.get("/models", null).status()).isEqualTo(401);
    }

    @Test
    void shouldReportUpAndCountPublishedLabelsWhenBrokerRuns() {
        final String txn = "t-" + UUID.randomUUID();
        final double before = publishedTotal(http.get("/metrics", null).body());
        assertThat(http.postJson("/feedback", KEY, feedback(txn, "FRAUD", "ana")).status()).isEqualTo(202);
        assertThat(http.postJson("/feedback", KEY, feedback(txn, "FRAUD", "ana")).status()).isEqualTo(202);

        final Http.Response health = http.get("/health", null);
        final String metrics = http.get("/metrics", null).body();

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("kafka").asText()).isEqualTo("UP");
        assertThat(publishedTotal(metrics)).isEqualTo(before + 1);
        assertThat(metrics).contains("feedback_requests_total{outcome=\"duplicate\"}",
                "kafka_producer_record_send_total");
    }

    @Test
    void shouldExposeTheAlertConsumersClientMetricsAndTheJvmWhenScraped() {
        final String metrics = http.get("/metrics", null).body();

        assertThat(metrics).containsPattern("kafka_consumer_[a-z_]+\\{[^}]*client_id=\"feedback-api-alerts\"");
        assertThat(metrics).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "process_uptime_seconds", "process_cpu_usage");
    }

    /**
     * A broker that refuses the write (here: the topic takes no record of this size) stands in for
     * one that cannot acknowledge: the API must answer 503 and nothing may be on the topic. Once the
     * topic is fixed, the same request is published: the refused one was not remembered as accepted.
     * (Kafka 4 caps min.insync.replicas at the replication factor, so a one-node cluster cannot be
     * made to refuse acks=all that way.)
     */
    @Test
    void shouldAnswer503AndWriteNothingWhenTheBrokerRefusesTheLabel() throws Exception {
        final String prefix = "refusing-";
        final String topic = prefix + "feedback";
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "64")))).all().get();
        }
        final String body = feedback("t-" + UUID.randomUUID(), "FRAUD", "ana");
        try (FeedbackService strict = FeedbackService.create(config(prefix, Duration.ofMillis(1500))).start()) {
            final Http client = new Http(strict.port());

            final Http.Response refused = client.postJson("/feedback", KEY, body);

            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotBlank();
            assertThat(refused.json().path("error").asText()).isEqualTo("BROKER_UNAVAILABLE");
            assertThat(readAll(topic)).isEmpty();

            setTopicConfig(topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588");
            final Http.Response retried = client.postJson("/feedback", KEY, body);

            assertThat(retried.status()).as(retried.body()).isEqualTo(202);
            assertThat(retried.json().path("duplicate").asBoolean(true)).isFalse();
            assertThat(readAll(topic)).hasSize(1);
        }
    }

    private static FeedbackConfig config(String prefix, Duration publishTimeout) {
        return new FeedbackConfig(kafka.bootstrapServers(), 0, ApiKeys.of(List.of(KEY)), prefix, publishTimeout, 100,
                1000, Duration.ZERO, Map.of(), URI.create(FeedbackConfig.DEFAULT_SCORING_METRICS_URL),
                FeedbackConfig.DEFAULT_MAX_IN_FLIGHT);
    }

    private static String feedback(String txn, String label, String analyst) {
        return "{\"transactionId\":\"" + txn + "\",\"label\":\"" + label + "\",\"analystId\":\"" + analyst + "\"}";
    }

    private static byte[] anomaly(String txn) {
        return Topics.ANOMALIES.valueSerde().serializer().serialize("anomalies", new ScoredEvent(txn, "C1",
                1_700_000_000_000L, 3, TransactionType.TRANSFER, 181.0, 0.97, 0.5, true, "sgd-v1", "FEATURES_V1",
                List.of(new Reason("sgd", "log_amount", 1.25)), null));
    }

    /** A model_update_v1 document with two features; a root when {@code parent} is null. */
    private static byte[] modelUpdate(String version, String parent, long labelsUsed) {
        final String gate = parent == null ? "{\"metric\":\"none\",\"candidate\":null,\"current\":null,\"holdoutSize\":0}"
                : "{\"metric\":\"log_loss\",\"candidate\":0.21,\"current\":0.25,\"holdoutSize\":16}";
        return ("{\"version\":\"" + version + "\",\"parentVersion\":" + (parent == null ? "null" : "\"" + parent + "\"")
                + ",\"createdAt\":\"2025-01-01T12:00:00Z\",\"featuresVersion\":\"FEATURES_V1\",\"featuresHash\":\"abc\","
                + "\"featureNames\":[\"a\",\"b\"],\"sgd\":{\"weights\":[0.5,-0.5],\"bias\":0.1,\"mean\":[0,0],"
                + "\"scale\":[1,1]},\"labelsUsed\":" + labelsUsed + ",\"gate\":" + gate + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> modelVersions() {
        final List<String> ids = new ArrayList<>();
        http.get("/models?limit=1000", KEY).json().path("versions").forEach(v -> ids.add(v.path("version").asText()));
        return ids;
    }

    private static List<String> alertIds() {
        final List<String> ids = new ArrayList<>();
        http.get("/alerts?limit=1000", KEY).json().path("alerts").forEach(a -> ids.add(a.path("transactionId").asText()));
        return ids;
    }

    private static JsonNode find(JsonNode alerts, String txn) {
        for (JsonNode a : alerts) {
            if (txn.equals(a.path("transactionId").asText())) {
                return a;
            }
        }
        throw new AssertionError(txn + " not in " + alerts);
    }

    private static double publishedTotal(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("feedback_published_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private static List<Http.Response> all(Collection<Callable<Http.Response>> calls) throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            final List<Http.Response> out = new ArrayList<>();
            for (Future<Http.Response> f : pool.invokeAll(calls)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void setTopicConfig(String topic, String key, String value) throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry(key, value),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<String, byte[]>> recordsFor(String topic, String key) {
        return readAll(topic).stream().filter(r -> key.equals(r.key())).toList();
    }

    /** Every record on {@code topic} up to its current end. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            final Map<TopicPartition, Long> end = c.endOffsets(parts);
            final List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    private static JsonSchema schema() {
        return schema("feedback_v1");
    }

    private static JsonSchema schema(String name) {
        try (InputStream in = FeedbackServiceIT.class.getResourceAsStream("/schemas/" + name + ".json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
