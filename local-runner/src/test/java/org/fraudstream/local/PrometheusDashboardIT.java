package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
 * Proof that the dashboard shows data: the suite runs with traffic and labels on a real broker, a
 * real Prometheus (Debian's package) scrapes it with the project's own {@code prometheus.yml}
 * (targets pointed at this run's ports) and loads {@code alerts.yml}; then every query of the
 * "Realtime Fraud Overview" dashboard must be accepted and return a non-empty result, and every
 * alert rule must evaluate without error. Skipped where Prometheus is not installed, except in CI.
 */
class PrometheusDashboardIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path PROMETHEUS_YML = ROOT.resolve("infra/prometheus/prometheus.yml");
    private static final Path ALERTS_YML = ROOT.resolve("infra/prometheus/alerts.yml");
    private static final Path DASHBOARD = ROOT.resolve("infra/grafana/dashboards/realtime-fraud-overview.json");
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldShowDataInEveryDashboardPanelAndEvaluateEveryAlert() throws Exception {
        final Path prometheus = Path.of("/usr/bin/prometheus");
        if (!"true".equals(System.getenv("CI"))) {
            assumeThat(Files.isExecutable(prometheus)).as("Debian's prometheus package is not installed").isTrue();
        }
        final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            final Path modelDir = Stack.trainOnGenerated(work, 20_000, 3, quiet);
            try (Suite suite = Suite.start(kafka, work, modelDir, StreamsConfig.EXACTLY_ONCE_V2, 2, Suite.Ports.ANY,
                    Map.of("FRAUD_API_KEYS", "it-key-0123456789abcdef"), quiet)) {
                final Thread traffic = traffic(kafka, suite);
                final int promPort = freePort();
                final Process prom = startPrometheus(prometheus, suite, promPort);
                try {
                    postLabels(kafka, suite, 300);
                    final String api = "http://127.0.0.1:" + promPort;
                    Await.until(() -> targetsUp(api), DEADLINE, () -> "targets " + get(api + "/api/v1/targets"));
                    assertDashboardQueriesNonEmpty(api);
                    assertAlertRulesHealthy(api);
                } finally {
                    traffic.interrupt();
                    prom.destroy();
                    if (!prom.waitFor(10, TimeUnit.SECONDS)) {
                        prom.destroyForcibly();
                    }
                    traffic.join(10_000);
                }
            }
        }
    }

    private void assertDashboardQueriesNonEmpty(String api) throws Exception {
        final Map<String, String> queries = dashboardQueries();
        assertThat(queries).as("dashboard queries").hasSizeGreaterThanOrEqualTo(10);
        final Map<String, String> last = new LinkedHashMap<>();
        Await.until(() -> {
            last.clear();
            for (Map.Entry<String, String> q : queries.entrySet()) {
                final JsonNode r = query(api, q.getValue());
                if (!"success".equals(r.path("status").asText())) {
                    throw new AssertionError("Prometheus refused the query of panel '" + q.getKey() + "': "
                            + q.getValue() + " -> " + r);
                }
                if (r.path("data").path("result").isEmpty()) {
                    last.put(q.getKey(), q.getValue());
                }
            }
            return last.isEmpty();
        }, DEADLINE, () -> "panels still empty: " + last);
    }

    private void assertAlertRulesHealthy(String api) throws Exception {
        final JsonNode groups = JsonSerde.MAPPER.readTree(get(api + "/api/v1/rules")).path("data").path("groups");
        final List<String> names = new ArrayList<>();
        final List<String> broken = new ArrayList<>();
        Await.until(() -> {
            names.clear();
            broken.clear();
            try {
                for (JsonNode g : JsonSerde.MAPPER.readTree(get(api + "/api/v1/rules")).path("data").path("groups")) {
                    for (JsonNode rule : g.path("rules")) {
                        names.add(rule.path("name").asText());
                        if (!"ok".equals(rule.path("health").asText())) {
                            broken.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " "
                                    + rule.path("lastError").asText());
                        }
                    }
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return !names.isEmpty() && broken.isEmpty();
        }, DEADLINE, () -> "rules " + names + ", not ok: " + broken);
        assertThat(groups).as("rule groups loaded from alerts.yml").isNotEmpty();
        for (JsonNode g : groups) {
            for (JsonNode rule : g.path("rules")) {
                final JsonNode r = query(api, rule.path("query").asText());
                assertThat(r.path("status").asText()).as("alert %s: %s", rule.path("name").asText(), r)
                        .isEqualTo("success");
            }
        }
    }

    /** Every panel target's expression, by panel title (and ref id), with Grafana's variables filled in. */
    static Map<String, String> dashboardQueries() throws Exception {
        final JsonNode dash = JsonSerde.MAPPER.readTree(DASHBOARD.toFile());
        final Map<String, String> out = new LinkedHashMap<>();
        collect(dash.path("panels"), out);
        return out;
    }

    private static void collect(JsonNode panels, Map<String, String> out) {
        for (JsonNode p : panels) {
            collect(p.path("panels"), out); // collapsed rows hold their panels
            for (JsonNode t : p.path("targets")) {
                final String expr = t.path("expr").asText("");
                if (!expr.isBlank()) {
                    out.put(p.path("title").asText() + " [" + t.path("refId").asText() + "]", grafanaVars(expr));
                }
            }
        }
    }

    static String grafanaVars(String expr) {
        return expr.replace("$__rate_interval", "30s").replace("${__rate_interval}", "30s")
                .replace("$__interval", "5s").replace("${__interval}", "5s")
                .replace("$__range", "5m").replace("${__range}", "5m");
    }

    private Process startPrometheus(Path binary, Suite suite, int port) throws Exception {
        final Path config = work.resolve("prometheus.yml");
        Files.writeString(config, testConfig(Map.of(
                8001, suite.scoring.httpPort(), 8000, suite.feedback.port(), 8002, suite.updater.httpPort())));
        final Path log = work.resolve("prometheus.log");
        final Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Await.until(() -> !p.isAlive() || ready("http://127.0.0.1:" + port), Duration.ofMinutes(1),
                () -> "prometheus not ready");
        assertThat(p.isAlive()).as("prometheus exited: %s", readQuietly(log)).isTrue();
        return p;
    }

    /**
     * The project's prometheus.yml with each static target moved to this run's port for the same
     * default port, a 1 s scrape and evaluation interval, and alerts.yml by absolute path.
     */
    static String testConfig(Map<Integer, Integer> ports) throws Exception {
        final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        final ObjectNode cfg = (ObjectNode) yaml.readTree(PROMETHEUS_YML.toFile());
        final ObjectNode global = cfg.with("global");
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        final ArrayNode rules = cfg.putArray("rule_files");
        rules.add(ALERTS_YML.toString());
        cfg.remove("alerting");
        int moved = 0;
        for (JsonNode job : cfg.path("scrape_configs")) {
            ((ObjectNode) job).put("scrape_interval", "1s");
            for (JsonNode sc : job.path("static_configs")) {
                final ArrayNode targets = (ArrayNode) sc.path("targets");
                for (int i = 0; i < targets.size(); i++) {
                    final String t = targets.get(i).asText();
                    final int defaultPort = Integer.parseInt(t.substring(t.lastIndexOf(':') + 1));
                    final Integer port = ports.get(defaultPort);
                    if (port != null) {
                        targets.set(i, JsonSerde.MAPPER.getNodeFactory().textNode("localhost:" + port));
                        moved++;
                    }
                }
            }
        }
        assertThat(moved).as("scrape targets of the three services in prometheus.yml").isEqualTo(ports.size());
        return yaml.writeValueAsString(cfg);
    }

    private boolean targetsUp(String api) {
        try {
            final JsonNode active = JsonSerde.MAPPER.readTree(get(api + "/api/v1/targets")).path("data")
                    .path("activeTargets");
            if (active.isEmpty()) {
                return false;
            }
            for (JsonNode t : active) {
                if (!"up".equals(t.path("health").asText())) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private JsonNode query(String api, String expr) {
        try {
            return JsonSerde.MAPPER.readTree(get(api + "/api/v1/query?query="
                    + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("query failed: " + expr, e);
        }
    }

    private String get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "unreachable: " + e.getMessage();
        }
    }

    private boolean ready(String base) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** Steady generated traffic (1% malformed) until interrupted. */
    private static Thread traffic(EmbeddedKafka kafka, Suite suite) {
        final Thread t = new Thread(() -> {
            final ReplayConfig rc = new ReplayConfig(kafka.bootstrapServers(), suite.topics.transactions().name(),
                    1_000, 0.01, 7, "prom", null, null, Map.of());
            try {
                new Replayer(rc).run(new TrafficGenerator(GeneratorConfig.defaults(7)), Long.MAX_VALUE, x -> { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // the broker went away at the end of the test
            }
        }, "prom-traffic");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Labels for the first scored events (alerts as fraud), POSTed to the API as an analyst would. */
    private void postLabels(EmbeddedKafka kafka, Suite suite, int n) throws Exception {
        final List<ScoredEvent> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "prom-it-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(suite.topics.anomalies().name(), suite.topics.metrics().name()));
            final var reader = JsonSerde.MAPPER.readerFor(ScoredEvent.class);
            Await.until(() -> {
                for (var r : c.poll(Duration.ofMillis(100))) {
                    try {
                        seen.add(reader.readValue(r.value()));
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                }
                return seen.size() >= n;
            }, DEADLINE, () -> seen.size() + " scored events");
        }
        int accepted = 0;
        for (ScoredEvent s : seen.subList(0, n)) {
            final String body = "{\"transactionId\":\"" + s.transactionId() + "\",\"label\":\""
                    + (s.anomaly() ? "FRAUD" : "LEGIT") + "\",\"analystId\":\"it\"}";
            accepted += http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + suite.feedback.port()
                            + "/feedback")).header("Content-Type", "application/json").header("X-API-Key", suite.apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 202 ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(n);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
