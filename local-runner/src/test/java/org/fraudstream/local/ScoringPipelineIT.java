package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.fraudstream.contract.DlqRecord;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.ReplayConfig;
import org.fraudstream.ingest.ReplayStats;
import org.fraudstream.ingest.Replayer;
import org.fraudstream.ingest.TrafficGenerator;
import org.fraudstream.kafka.EmbeddedKafka;
import org.fraudstream.scoring.ScoringConfig;
import org.fraudstream.scoring.ScoringService;
import org.fraudstream.scoring.ScoringTopics;
import org.fraudstream.scoring.internals.DlqHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spine against a real broker (Kafka's own KRaft server, in this JVM): generated events with
 * malformed ones mixed in go through the replay tool and the scoring app, under each guarantee;
 * every event must land in exactly one of anomalies, metrics or dlq (with no crash, at_least_once
 * must not duplicate either).
 */
class ScoringPipelineIT {

    private static final int EVENTS = 20_000;

    @TempDir
    static Path work;

    private static EmbeddedKafka kafka;
    private static Path modelDir;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start(work.resolve("kafka"));
        modelDir = Stack.trainOnGenerated(work, 20_000, 5, new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE})
    void shouldAccountForEveryEventExactlyOnce(String guarantee) throws Exception {
        final String prefix = "it-" + guarantee.replace('_', '-') + "-";
        final ScoringTopics topics = ScoringTopics.defaults().withPrefix(prefix);
        kafka.createTopics(Stack.topicNames(topics), 3);
        final ScoringConfig cfg = new ScoringConfig(kafka.bootstrapServers(), prefix + "app", guarantee,
                modelDir, work.resolve("streams"), 1, null, prefix, 0, Map.of());
        final Path labels = work.resolve(prefix + "labels.csv");
        try (ScoringService scoring = ScoringService.create(cfg).start().awaitRunning(Duration.ofMinutes(2));
             OutcomeTally tally = new OutcomeTally(kafka.bootstrapServers(), topics).start()) {
            final ReplayStats sent = new Replayer(new ReplayConfig(kafka.bootstrapServers(),
                    topics.transactions().name(), 0, 0.02, 3, "it", labels, null, Map.of()))
                    .run(new TrafficGenerator(GeneratorConfig.defaults(3)), EVENTS, s -> { });

            Await.until(() -> tally.total() >= sent.sent(), Duration.ofMinutes(3),
                    () -> tally.total() + " of " + sent.sent() + " outcomes");

            assertThat(sent.sent()).isEqualTo(EVENTS);
            assertThat(sent.invalidInjected()).isPositive();
            assertThat(tally.total()).isEqualTo(sent.sent());
            assertThat(tally.dlq()).isEqualTo(sent.invalidInjected());
            assertThat(tally.duplicates()).isZero();
            assertThat(tally.anomalies()).as("a trained model flags some events").isPositive();
            assertThat(Files.readAllLines(labels)).hasSize((int) sent.valid() + 1); // + header
            assertServiceEndpoints(scoring.httpPort(), sent.sent(), tally.dlq());
        }
        assertDlqRecordsCarryReasonAndSource(topics);
    }

    /** /health is up and /metrics counts every event in, and the DLQ, as the topics do. */
    private static void assertServiceEndpoints(int port, long eventsIn, long dlq) throws Exception {
        final HttpClient http = HttpClient.newHttpClient();
        final HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("RUNNING");
        final String metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("stream_events_in_total " + (double) eventsIn);
        final double dlqSum = metrics.lines().filter(l -> l.startsWith("stream_events_dlq_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(dlqSum).isEqualTo((double) dlq);
        assertThat(metrics).contains("kafka_stream_thread_process_total", "jvm_memory_used_bytes");
    }

    private static void assertDlqRecordsCarryReasonAndSource(ScoringTopics topics) {
        final List<ConsumerRecord<String, DlqRecord>> records = readAll(topics.dlq().name(), topics);
        assertThat(records).isNotEmpty().allSatisfy(r -> {
            assertThat(r.value().reason()).isNotNull();
            assertThat(r.value().sourceTopic()).isEqualTo(topics.transactions().name());
            assertThat(r.value().sourceOffset()).isNotNegative();
            assertThat(new String(r.headers().lastHeader(DlqHeaders.OFFSET).value(), StandardCharsets.UTF_8))
                    .isEqualTo(Long.toString(r.value().sourceOffset()));
            assertThat(new String(r.headers().lastHeader(DlqHeaders.REASON).value(), StandardCharsets.UTF_8))
                    .isEqualTo(r.value().reason().name());
        });
        final Set<String> sources = new HashSet<>();
        records.forEach(r -> sources.add(r.value().sourcePartition() + "@" + r.value().sourceOffset()));
        assertThat(sources).as("each source offset rejected once").hasSize(records.size());
    }

    private static List<ConsumerRecord<String, DlqRecord>> readAll(String topic, ScoringTopics topics) {
        try (KafkaConsumer<String, DlqRecord> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString()),
                new StringDeserializer(), topics.dlq().valueSerde().deserializer())) {
            final List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            final Map<TopicPartition, Long> end = c.endOffsets(parts);
            final List<ConsumerRecord<String, DlqRecord>> out = new ArrayList<>();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}
