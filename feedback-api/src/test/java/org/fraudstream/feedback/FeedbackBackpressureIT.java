package org.fraudstream.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fraudstream.kafka.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backpressure of {@code POST /feedback} against a real broker (in this JVM): with the labels in
 * flight at FRAUD_FEEDBACK_MAX_IN_FLIGHT, one more is answered 429 with Retry-After at once; when the
 * broker is gone the labels waiting for it end in 503, and while it stays gone only one label at a
 * time waits for it (the others get 503 at once). Every 202 is a record on the topic.
 */
class FeedbackBackpressureIT {

    private static final String KEY = "bp-key-0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    @Test
    void shouldAnswer429BeyondTheInFlightBoundAndPutEveryAcceptedLabelOnTheTopic() throws Exception {
        try (EmbeddedKafka kafka = start(work.resolve("kafka"));
             FeedbackService service = FeedbackService.create(config(kafka, Duration.ofSeconds(10), 1)).start()) {
            final Http http = new Http(service.port());
            final ExecutorService clients = Executors.newFixedThreadPool(32);
            final List<Future<Http.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 640; i++) {
                final String body = feedback("load-" + i);
                answers.add(clients.submit(() -> http.postJson("/feedback", KEY, body)));
            }
            final Set<String> accepted = new HashSet<>();
            int refused = 0;
            for (Future<Http.Response> f : answers) {
                final Http.Response r = f.get();
                assertThat(r.status()).as(r.body()).isIn(202, 429);
                if (r.status() == 202) {
                    accepted.add(r.json().path("transactionId").asText());
                } else {
                    refused++;
                    assertThat(r.json().path("error").asText()).isEqualTo("TOO_MANY_REQUESTS");
                    assertThat(r.header("Retry-After")).isEqualTo("1");
                }
            }
            clients.shutdown();

            assertThat(refused).as("32 clients against a bound of 1").isPositive();
            assertThat(accepted).isNotEmpty();
            assertThat(keysOnTopic(kafka)).as("every 202 on the topic, nothing else").isEqualTo(accepted);
            awaitSeries(http, "feedback_requests_total{outcome=\"too_many_requests\"}", refused);
            awaitSeries(http, "feedback_requests_total{outcome=\"accepted\"}", accepted.size());
            awaitSeries(http, "feedback_in_flight", 0);
        }
    }

    @Test
    void shouldAnswer429WhenTheBoundIsReachedAnd503WhenTheBrokerIsGone() throws Exception {
        final EmbeddedKafka kafka = start(work.resolve("kafka"));
        try (FeedbackService service = FeedbackService.create(config(kafka, Duration.ofSeconds(3), 2)).start()) {
            final Http http = new Http(service.port());
            assertThat(http.postJson("/feedback", KEY, feedback("before")).status()).isEqualTo(202);
            assertThat(keysOnTopic(kafka)).containsExactly("before");
            kafka.close(); // the broker is gone

            final CompletableFuture<Http.Response> first = post(http, "waiting-1");
            final CompletableFuture<Http.Response> second = post(http, "waiting-2");
            Await.until(() -> inFlight(http) == 2, WAIT, () -> "in flight: " + inFlight(http));
            final Http.Response third = http.postJson("/feedback", KEY, feedback("one-too-many"));

            assertThat(third.status()).as(third.body()).isEqualTo(429);
            assertThat(third.header("Retry-After")).isEqualTo("1");
            assertThat(third.json().path("error").asText()).isEqualTo("TOO_MANY_REQUESTS");
            for (Http.Response r : List.of(first.get(), second.get())) { // after the publish timeout
                assertThat(r.status()).as(r.body()).isEqualTo(503);
                assertThat(r.header("Retry-After")).isEqualTo("5");
                assertThat(r.json().path("error").asText()).isEqualTo("BROKER_UNAVAILABLE");
            }

            // The broker failed: one label probes it, the others are refused without waiting.
            final CompletableFuture<Http.Response> probe = post(http, "probe");
            Await.until(() -> inFlight(http) == 1, WAIT, () -> "in flight: " + inFlight(http));
            final Http.Response meanwhile = http.postJson("/feedback", KEY, feedback("meanwhile"));
            assertThat(meanwhile.status()).as(meanwhile.body()).isEqualTo(503);
            assertThat(meanwhile.json().path("message").asText()).contains("not acknowledging");
            assertThat(inFlight(http)).as("refused at once, the probe still waiting").isEqualTo(1);
            assertThat(probe.get().status()).isEqualTo(503);

            awaitSeries(http, "feedback_requests_total{outcome=\"too_many_requests\"}", 1);
            awaitSeries(http, "feedback_requests_total{outcome=\"broker_unavailable\"}", 4);
            awaitSeries(http, "feedback_requests_total{outcome=\"accepted\"}", 1);
        }
    }

    private static EmbeddedKafka start(Path dir) throws Exception {
        final EmbeddedKafka kafka = EmbeddedKafka.start(dir);
        kafka.createTopics(List.of("feedback"), 3);
        kafka.createTopics(List.of("anomalies"), 1);
        kafka.createTopics(List.of("model-updates"), 1, Map.of("cleanup.policy", "compact"));
        return kafka;
    }

    private static FeedbackConfig config(EmbeddedKafka kafka, Duration publishTimeout, int maxInFlight) {
        return new FeedbackConfig(kafka.bootstrapServers(), 0, ApiKeys.of(List.of(KEY)), "", publishTimeout, 100,
                1000, Duration.ZERO, Map.of(), URI.create(FeedbackConfig.DEFAULT_SCORING_METRICS_URL), maxInFlight);
    }

    private static CompletableFuture<Http.Response> post(Http http, String txn) {
        return CompletableFuture.supplyAsync(() -> http.postJson("/feedback", KEY, feedback(txn)));
    }

    private static String feedback(String txn) {
        return "{\"transactionId\":\"" + txn + "\",\"label\":\"FRAUD\",\"analystId\":\"a1\"}";
    }

    /** The request counters are updated once the answer is written: the client may see it first. */
    private static void awaitSeries(Http http, String name, long expected) throws InterruptedException {
        Await.until(() -> counter(http.get("/metrics", null).body(), name) == expected, WAIT,
                () -> name + " = " + counter(http.get("/metrics", null).body(), name) + ", expected " + expected);
    }

    private static long inFlight(Http http) {
        return counter(http.get("/metrics", null).body(), "feedback_in_flight");
    }

    /** The value of the series {@code name} (with its labels, as written) in Prometheus text. */
    private static long counter(String metrics, String name) {
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("no series " + name + " in /metrics");
        }
        return (long) Double.parseDouble(m.group(1));
    }

    /** The keys of every record on the feedback topic up to its current end. */
    private static Set<String> keysOnTopic(EmbeddedKafka kafka) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> parts = c.partitionsFor("feedback").stream()
                    .map(p -> new TopicPartition("feedback", p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            final Map<TopicPartition, Long> end = c.endOffsets(parts);
            final Set<String> keys = new HashSet<>();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                c.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
            return keys;
        }
    }
}
