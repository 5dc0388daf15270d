package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.OutputStream;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.ReplayConfig;
import org.fraudstream.ingest.Replayer;
import org.fraudstream.ingest.TrafficGenerator;
import org.fraudstream.kafka.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feedback loop against a real broker, every service in this JVM: events are scored; labels
 * POSTed to the feedback API reach the updater, which publishes a new SGD version; the scoring
 * app stamps that version on the events that come after, without a restart.
 */
class FeedbackLoopIT {

    private static final Duration DEADLINE = Duration.ofMinutes(2);

    @TempDir
    Path work;

    @Test
    void shouldScoreLaterEventsWithTheVersionTheUpdaterPublishedFromPostedLabels() throws Exception {
        final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        final Map<String, String> env = new HashMap<>();
        env.put("FRAUD_API_KEYS", "it-key-0123456789abcdef");
        env.put("FRAUD_UPDATER_BATCH_SIZE", "32");
        env.put("FRAUD_UPDATER_MAX_WAIT_MS", "500");
        env.put("FRAUD_UPDATER_HOLDOUT_EVERY", "4");
        env.put("FRAUD_UPDATER_HOLDOUT_MIN", "8");
        env.put("FRAUD_UPDATER_GATE_TOLERANCE", "1.0"); // this test is about the loop, not the gate
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            final Path modelDir = Stack.trainOnGenerated(work, 20_000, 3, quiet);
            try (Suite suite = Suite.start(kafka, work, modelDir, StreamsConfig.EXACTLY_ONCE_V2, 2, Suite.Ports.ANY,
                    env, quiet)) {
                final String base = suite.scoring.model().current().modelVersion();
                send(kafka, suite, "first", 3_000);
                final List<ScoredEvent> first = await(kafka, suite, 3_000);
                assertThat(first).extracting(ScoredEvent::modelVersion).containsOnly(base);

                int accepted = 0;
                for (int i = 0; i < 200; i++) { // labels for scored events, the anomalies first
                    final ScoredEvent s = first.get(i);
                    accepted += post(suite, s.transactionId(), s.anomaly() || i % 10 == 0) == 202 ? 1 : 0;
                }
                assertThat(accepted).isEqualTo(200);
                Await.until(() -> suite.updater.metrics().updates() >= 1, DEADLINE,
                        () -> "updates " + suite.updater.metrics().updates() + ", labels joined "
                                + suite.updater.metrics().labels() + ", rejections " + suite.updater.metrics().rejections());
                final String updated = suite.updater.currentVersion();
                Await.until(() -> updated.equals(suite.scoring.model().current().modelVersion()), DEADLINE,
                        () -> "scoring still on " + suite.scoring.model().current().modelVersion());

                send(kafka, suite, "second", 1_000);
                final List<ScoredEvent> all = await(kafka, suite, 4_000);
                final List<ScoredEvent> later = all.stream().filter(s -> s.transactionId().startsWith("second")).toList();
                // more batches may land meanwhile: later events carry published versions, never the base
                final List<String> published = ModelUpdates.read(kafka.bootstrapServers(),
                        suite.topics.modelUpdates().name()).stream().map(ModelUpdates.Published::version).toList();
                assertThat(published).contains(updated).doesNotContain(base);
                assertThat(later).hasSize(1_000).extracting(ScoredEvent::modelVersion)
                        .allMatch(published::contains, "a version published on model-updates");
                assertThat(all).extracting(ScoredEvent::transactionId).doesNotHaveDuplicates();
            }
        }
    }

    private static void send(EmbeddedKafka kafka, Suite suite, String runId, int n) throws Exception {
        final ReplayConfig rc = new ReplayConfig(kafka.bootstrapServers(), suite.topics.transactions().name(), 0, 0,
                runId.hashCode(), runId, null, null, Map.of());
        new Replayer(rc).run(new TrafficGenerator(GeneratorConfig.defaults(runId.hashCode())), n, x -> { });
    }

    private static int post(Suite suite, String txId, boolean fraud) throws Exception {
        final String body = "{\"transactionId\":\"" + txId + "\",\"label\":\"" + (fraud ? "FRAUD" : "LEGIT")
                + "\",\"analystId\":\"it\"}";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + suite.feedback.port() + "/feedback"))
                .header("Content-Type", "application/json").header("X-API-Key", suite.apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Every scored event on anomalies and metrics, once at least {@code n} are there. */
    private static List<ScoredEvent> await(EmbeddedKafka kafka, Suite suite, int n) throws Exception {
        final List<ScoredEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            final List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(suite.topics.anomalies().name(), suite.topics.metrics().name())) {
                c.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            final var reader = JsonSerde.MAPPER.readerFor(ScoredEvent.class);
            Await.until(() -> {
                for (var r : c.poll(Duration.ofMillis(100))) {
                    try {
                        out.add(reader.readValue(r.value()));
                    } catch (java.io.IOException e) {
                        throw new AssertionError("unreadable scored event " + r.value(), e);
                    }
                }
                return out.size() >= n;
            }, DEADLINE, () -> out.size() + " of " + n + " scored events");
        }
        return out;
    }
}
