package org.fraudstream.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fraudstream.contract.ops.ServiceEndpoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /console/figures} over real HTTP, reading a real Prometheus endpoint: a Micrometer
 * registry with the scoring app's meter names, served as the scoring app serves its own.
 */
class ConsoleFiguresTest {

    private static final String KEY = "test-key-0123456789abcdef";

    private PrometheusMeterRegistry scoring;
    private ServiceEndpoints endpoints;
    private FeedbackService service;
    private Http http;

    @BeforeEach
    void start() throws IOException {
        scoring = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        endpoints = ServiceEndpoints.start(0, scoring, () -> new ServiceEndpoints.Health(true, "{}"));
        final int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        service = FeedbackService.create(new FeedbackConfig("127.0.0.1:" + deadPort, 0, ApiKeys.of(List.of(KEY)), "",
                Duration.ofMillis(500), 100, 1000, Duration.ZERO, Map.of(),
                URI.create("http://127.0.0.1:" + endpoints.port() + "/metrics"),
                FeedbackConfig.DEFAULT_MAX_IN_FLIGHT)).start();
        http = new Http(service.port());
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (endpoints != null) {
            endpoints.close();
        }
        scoring.close();
    }

    @Test
    void shouldSumCountersAndReadLatencyAndVersionWhenScoringAppExposesThem() {
        final Counter in = Counter.builder("stream.events.in").register(scoring);
        in.increment(1000);
        Counter.builder("stream.events.scored").register(scoring).increment(997);
        Counter.builder("stream.events.anomaly").register(scoring).increment(7);
        Counter.builder("stream.events.dlq").tag("reason", "MALFORMED_JSON").register(scoring).increment(2);
        Counter.builder("stream.events.dlq").tag("reason", "MISSING_FIELD").register(scoring).increment(1);
        Gauge.builder("model.version", () -> 1).tag("version", "sgd-online-1-aaaa").register(scoring);
        Gauge.builder("model.version", () -> 2).tag("version", "sgd-online-2-bbbb").register(scoring);
        Gauge.builder("model.in.use", () -> 1).tag("version", "sgd-online-1-aaaa").register(scoring);
        final Timer e2e = Timer.builder("stream.end.to.end.latency").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(scoring);
        for (int i = 0; i < 90; i++) {
            e2e.record(Duration.ofMillis(5));
        }
        for (int i = 0; i < 10; i++) {
            e2e.record(Duration.ofSeconds(2));
        }

        final Http.Response r = http.get("/console/figures", KEY);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        final JsonNode f = r.json();
        assertThat(f.path("source").asText()).endsWith(endpoints.port() + "/metrics");
        assertThat(f.path("eventsIn").asDouble()).isEqualTo(1000);
        assertThat(f.path("eventsScored").asDouble()).isEqualTo(997);
        assertThat(f.path("anomalies").asDouble()).isEqualTo(7);
        assertThat(f.path("dlq").asDouble()).as("every reason").isEqualTo(3);
        assertThat(f.path("modelVersion").asText()).isEqualTo("sgd-online-2-bbbb");
        final JsonNode latency = f.path("latency");
        assertThat(latency.path("count").asDouble()).isEqualTo(100);
        assertThat(latency.path("p50Ms").asDouble()).isBetween(4.0, 6.0);
        assertThat(latency.path("p99Ms").asDouble()).isBetween(1500.0, 2500.0);
        assertThat(latency.path("buckets").size()).isGreaterThan(10);

        in.increment(250);
        final JsonNode later = http.get("/console/figures", KEY).json();
        assertThat(later.path("eventsIn").asDouble()).isEqualTo(1250);
        assertThat(later.path("scrapedAtMs").asLong()).isGreaterThanOrEqualTo(f.path("scrapedAtMs").asLong());
    }

    @Test
    void shouldAnswerNullNotZeroWhenScoringAppDoesNotExposeASeries() {
        Counter.builder("stream.events.in").register(scoring).increment(5);

        final JsonNode f = http.get("/console/figures", KEY).json();

        assertThat(f.path("eventsIn").asDouble()).isEqualTo(5);
        assertThat(f.path("latency").isNull()).isTrue();
        assertThat(f.path("dlq").isNull()).isTrue();
        assertThat(f.path("modelVersion").isNull()).isTrue();
    }

    @Test
    void shouldTakeTheVersionInUseFromModelInUseWithoutModelVersion() {
        Counter.builder("stream.events.in").register(scoring).increment(5);
        Gauge.builder("model.in.use", () -> 1).tag("version", "gbdt-2024-01").register(scoring);
        Gauge.builder("model.in.use", () -> 0).tag("version", "sgd-online-1-aaaa").register(scoring);
        assertThat(http.get("/console/figures", KEY).json().path("modelVersion").asText()).isEqualTo("gbdt-2024-01");

        Gauge.builder("model.in.use", () -> 1).tag("version", "sgd-online-2-bbbb").register(scoring);
        assertThat(http.get("/console/figures", KEY).json().path("modelVersion").isNull())
                .as("two versions at 1: which one is in use is not known").isTrue();
    }

    @Test
    void shouldAnswer503WhenTheUrlIsNotTheScoringAppsMetrics() {
        final Http.Response r = http.get("/console/figures", KEY); // nothing registered: not the scoring app

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().path("error").asText()).isEqualTo("SCORING_UNAVAILABLE");
        assertThat(r.json().path("message").asText()).contains("stream_events_in_total");
    }
}
