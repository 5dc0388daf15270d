package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fraudstream.local.InfraFiles.list;
import static org.fraudstream.local.InfraFiles.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fraudstream.feedback.FeedbackApp;
import org.fraudstream.feedback.FeedbackConfig;
import org.fraudstream.scoring.ScoringApp;
import org.fraudstream.scoring.ScoringConfig;
import org.fraudstream.updater.UpdaterApp;
import org.fraudstream.updater.UpdaterConfig;
import org.junit.jupiter.api.Test;

/**
 * The static checks of docker-compose.yml and infra/: the compose defaults (infra/defaults.env) equal
 * the Java defaults, Prometheus scrapes those ports, every dashboard query and alert expression reads
 * only metrics the services export, every panel uses the provisioned datasource, every alert is
 * complete and unit-tested both ways. The external tools' checks are in {@link InfraToolsTest}.
 */
class InfraConfigTest {

    private static final String DATASOURCE_UID = "prometheus";
    private static final String MODEL_DIR = "/models/bundle";

    /** Compose service, its port key in defaults.env, its Java default port, its main class, its job. */
    private record Service(String name, String portKey, int port, Class<?> main, String job) { }

    private static final List<Service> SERVICES = List.of(
            new Service("scoring-streams", "FRAUD_HTTP_PORT", ScoringConfig.DEFAULT_HTTP_PORT, ScoringApp.class,
                    "scoring"),
            new Service("feedback-api", "FRAUD_FEEDBACK_PORT", FeedbackConfig.DEFAULT_PORT, FeedbackApp.class,
                    "feedback-api"),
            new Service("online-updater", "FRAUD_UPDATER_PORT", UpdaterConfig.DEFAULT_HTTP_PORT, UpdaterApp.class,
                    "online-updater"));

    private final Map<String, String> defaults = InfraFiles.env(InfraFiles.DEFAULTS_ENV);

    @Test
    void shouldEqualTheJavaDefaultsWhenDefaultsEnvNamesThem() {
        for (Service s : SERVICES) {
            assertThat(defaults.get(s.portKey())).as(s.portKey()).isEqualTo(Integer.toString(s.port()));
        }
        assertThat(defaults.get("FRAUD_APPLICATION_ID")).isEqualTo(ScoringConfig.DEFAULT_APPLICATION_ID);
        assertThat(defaults.get("FRAUD_FEEDBACK_MAX_IN_FLIGHT")).isEqualTo(Integer.toString(
                FeedbackConfig.DEFAULT_MAX_IN_FLIGHT));
        assertThat(defaults.get("FRAUD_UPDATER_APPLICATION_ID")).isEqualTo(UpdaterConfig.DEFAULT_APPLICATION_ID);
        assertThat(defaults.get("FRAUD_PARTITIONS")).isEqualTo(Integer.toString(new UpCommand().partitions));
        assertThat(defaults.get("FRAUD_TRAIN_ROWS")).isEqualTo(Long.toString(UpCommand.TRAINING_ROWS));
        assertThat(defaults.get("FRAUD_TRAIN_SEED")).isEqualTo(Long.toString(UpCommand.TRAINING_SEED));
    }

    @Test
    void shouldCreateTheLocalRunnersTopicsWhenKafkaInitReadsDefaultsEnv() {
        assertThat(Arrays.asList(defaults.get("FRAUD_TOPICS").split(",")))
                .containsExactlyInAnyOrderElementsOf(Suite.partitionedTopics());
        assertThat(Arrays.asList(defaults.get("FRAUD_COMPACTED_TOPICS").split(",")))
                .containsExactlyInAnyOrderElementsOf(Suite.compactedTopics());
        final Map<String, Object> init = service("kafka-init");
        assertThat(init.get("env_file")).isEqualTo(InfraFiles.DEFAULTS_ENV);
        assertThat(list(init.get("entrypoint"), "kafka-init entrypoint")).contains("/infra/create-topics.sh");
        assertThat(list(init.get("volumes"), "kafka-init volumes")).contains("./infra/kafka:/infra:ro");
        assertThat(InfraFiles.path("infra/kafka/create-topics.sh")).isRegularFile();
    }

    @Test
    void shouldLeaveEveryServiceAtItsDefaultsWhenItReadsDefaultsEnv() {
        // Whatever defaults.env sets is what the service would use without it: compose cannot drift.
        final Map<String, String> required = Map.of("FRAUD_MODEL_DIR", MODEL_DIR,
                "FRAUD_API_KEYS", "a-key-of-sixteen-chars-or-more");
        final Map<String, String> withFile = new HashMap<>(defaults);
        withFile.putAll(required);
        assertThat(ScoringConfig.fromEnv(withFile)).isEqualTo(ScoringConfig.fromEnv(required));
        assertThat(UpdaterConfig.fromEnv(withFile)).isEqualTo(UpdaterConfig.fromEnv(required));
        final FeedbackConfig f = FeedbackConfig.fromEnv(withFile);
        final FeedbackConfig plain = FeedbackConfig.fromEnv(required);
        assertThat(List.of(f.port(), f.topicPrefix(), f.publishTimeout(), f.alertsCapacity(), f.dedupCapacity(),
                f.healthCacheTtl(), f.kafkaOverrides(), f.maxInFlight())).isEqualTo(List.of(plain.port(),
                plain.topicPrefix(), plain.publishTimeout(), plain.alertsCapacity(), plain.dedupCapacity(),
                plain.healthCacheTtl(), plain.kafkaOverrides(), plain.maxInFlight()));
    }

    @Test
    void shouldScrapeEveryServiceOnItsDefaultPortWhenPrometheusRuns() {
        final Map<String, Object> prometheus = InfraFiles.yaml(InfraFiles.PROMETHEUS);
        assertThat(list(prometheus.get("rule_files"), "rule_files")).containsExactly("alerts.yml");
        final Map<String, String> targets = new LinkedHashMap<>();
        for (Object o : list(prometheus.get("scrape_configs"), "scrape_configs")) {
            final Map<String, Object> job = map(o, "scrape config");
            assertThat(job.get("metrics_path")).as("metrics_path of %s", job.get("job_name")).isEqualTo("/metrics");
            assertThat(job.get("scrape_interval")).as("scrape_interval of %s", job.get("job_name")).isEqualTo("5s");
            final List<Object> statics = list(job.get("static_configs"), "static_configs");
            assertThat(statics).hasSize(1);
            final List<Object> t = list(map(statics.get(0), "static config").get("targets"), "targets");
            assertThat(t).hasSize(1);
            targets.put((String) job.get("job_name"), (String) t.get(0));
        }
        final Map<String, String> expected = new LinkedHashMap<>();
        for (Service s : SERVICES) {
            expected.put(s.job(), s.name() + ":" + defaults.get(s.portKey()));
        }
        assertThat(targets).isEqualTo(expected);
    }

    @Test
    void shouldRunEachServiceWithItsMainClassDefaultsAndPortWhenComposeStartsIt() {
        for (Service s : SERVICES) {
            final Map<String, Object> svc = service(s.name());
            final String port = defaults.get(s.portKey());
            assertThat(svc.get("env_file")).as("env_file of %s", s.name()).isEqualTo(InfraFiles.DEFAULTS_ENV);
            assertThat(list(svc.get("command"), s.name() + " command")).first().isEqualTo(s.main().getName());
            assertThat(list(svc.get("ports"), s.name() + " ports")).containsExactly(port + ":" + port);
            assertThat(list(map(svc.get("healthcheck"), "healthcheck").get("test"), "healthcheck test"))
                    .contains("http://localhost:" + port + "/health");
        }
        assertThat(list(service("traffic").get("command"), "traffic command"))
                .startsWith(FraudCli.class.getName(), "replay");
        assertThat(map(service("scoring-streams").get("environment"), "environment").get("FRAUD_MODEL_DIR"))
                .isEqualTo(MODEL_DIR);
        assertThat(map(service("model-trainer").get("environment"), "environment").get("FRAUD_MODEL_DIR"))
                .isEqualTo(MODEL_DIR);
        assertThat(list(service("prometheus").get("volumes"), "volumes")).contains("./infra/prometheus:/etc/prometheus:ro");
        assertThat(list(service("grafana").get("volumes"), "volumes")).contains(
                "./infra/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./infra/grafana/dashboards:/var/lib/grafana/dashboards:ro");
    }

    @Test
    void shouldProvisionThePrometheusDatasourceAndTheDashboardDirectoryWhenGrafanaStarts() {
        final Map<String, Object> ds = map(list(InfraFiles.yaml(InfraFiles.DATASOURCE).get("datasources"),
                "datasources").get(0), "datasource");
        assertThat(ds).containsEntry("uid", DATASOURCE_UID).containsEntry("type", "prometheus")
                .containsEntry("url", "http://prometheus:9090");
        final Map<String, Object> provider = map(list(InfraFiles.yaml(InfraFiles.DASHBOARD_PROVIDER).get("providers"),
                "providers").get(0), "provider");
        assertThat(map(provider.get("options"), "options").get("path")).isEqualTo("/var/lib/grafana/dashboards");
    }

    @Test
    void shouldUseThePrometheusDatasourceInEveryPanelWhenTheDashboardIsLoaded() throws Exception {
        final JsonNode dashboard = dashboard();
        assertThat(dashboard.path("title").asText()).isEqualTo("Realtime Fraud Overview");
        final List<JsonNode> panels = panels(dashboard);
        assertThat(panels).hasSizeGreaterThanOrEqualTo(12);
        final Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            final String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of panel %s", title).isTrue();
            assertThat(panel.path("targets").size()).as("targets of panel %s", title).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText())
                        .as("datasource of %s / %s", title, target.path("refId").asText()).isEqualTo(DATASOURCE_UID);
                assertThat(target.path("expr").asText()).as("expr of %s", title).isNotBlank();
            }
        }
    }

    @Test
    void shouldReadOnlyExportedMetricsWhenTheDashboardQueries() throws Exception {
        final Map<String, Set<String>> unknown = new LinkedHashMap<>();
        final Set<String> read = new HashSet<>();
        for (JsonNode panel : panels(dashboard())) {
            for (JsonNode target : panel.path("targets")) {
                final String expr = target.path("expr").asText();
                read.addAll(PromQlNames.metricNames(expr));
                if (!PromQlNames.unknownNames(expr).isEmpty()) {
                    unknown.put(panel.path("title").asText() + ": " + expr, PromQlNames.unknownNames(expr));
                }
            }
        }
        assertThat(unknown).as("queries reading metrics no service exports").isEmpty();
        // the panels the overview promises, by the metric they read
        assertThat(read).contains("stream_events_in_total", "stream_events_scored_total", "stream_events_anomaly_total",
                "stream_events_dlq_total", "stream_end_to_end_latency_seconds_bucket",
                "stream_scoring_latency_seconds_bucket", "kafka_consumer_fetch_manager_records_lag_max",
                "model_version", "online_updates_total", "online_gate_rejections_total", "feedback_requests_total",
                "drift_psi", "jvm_memory_used_bytes");
    }

    @Test
    void shouldGiveEveryAlertAForASeverityAndAnnotationsOnExportedMetrics() {
        for (Map<String, Object> rule : alertRules()) {
            final Object name = rule.get("alert");
            assertThat(name).as("alert name").isNotNull();
            assertThat(rule.get("for")).as("for: of %s", name).isNotNull();
            assertThat(map(rule.get("labels"), name + " labels").get("severity")).as("severity of %s", name)
                    .isIn("warning", "critical");
            final Map<String, Object> annotations = map(rule.get("annotations"), name + " annotations");
            assertThat((String) annotations.get("summary")).as("summary of %s", name).isNotBlank();
            assertThat((String) annotations.get("description")).as("description of %s", name).isNotBlank();
            assertThat(PromQlNames.unknownNames((String) rule.get("expr"))).as("unknown metrics in %s", name).isEmpty();
        }
    }

    @Test
    void shouldTestEveryAlertFiringAndStayingQuietWhenAlertsTestRuns() {
        final Set<String> alerts = new HashSet<>();
        alertRules().forEach(r -> alerts.add((String) r.get("alert")));
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(6);
        final Set<String> firing = new HashSet<>();
        final Set<String> quiet = new HashSet<>();
        final Map<String, Object> tests = InfraFiles.yaml(InfraFiles.ALERTS_TEST);
        assertThat(list(tests.get("rule_files"), "rule_files")).containsExactly("alerts.yml");
        for (Object t : list(tests.get("tests"), "tests")) {
            for (Object c : list(map(t, "test").get("alert_rule_test"), "alert_rule_test")) {
                final Map<String, Object> check = map(c, "alert_rule_test");
                final List<Object> expected = list(check.get("exp_alerts"), "exp_alerts");
                (expected.isEmpty() ? quiet : firing).add((String) check.get("alertname"));
            }
        }
        assertThat(firing).as("alerts tested firing").containsExactlyInAnyOrderElementsOf(alerts);
        assertThat(quiet).as("alerts tested quiet").containsExactlyInAnyOrderElementsOf(alerts);
    }

    private static List<Map<String, Object>> alertRules() {
        final List<Map<String, Object>> rules = new ArrayList<>();
        for (Object g : list(InfraFiles.yaml(InfraFiles.ALERTS).get("groups"), "groups")) {
            for (Object r : list(map(g, "group").get("rules"), "rules")) {
                rules.add(map(r, "rule"));
            }
        }
        return rules;
    }

    private static Map<String, Object> service(String name) {
        final Map<String, Object> services = map(InfraFiles.yaml(InfraFiles.COMPOSE).get("services"), "services");
        assertThat(services).as("compose services").containsKey(name);
        return map(services.get(name), name);
    }

    private static JsonNode dashboard() throws Exception {
        final Path file = InfraFiles.path(InfraFiles.DASHBOARD);
        return new ObjectMapper().readTree(file.toFile());
    }

    /** Every panel, those inside rows included; rows themselves have no queries. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        final List<JsonNode> panels = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            if ("row".equals(p.path("type").asText())) {
                p.path("panels").forEach(panels::add);
            } else {
                panels.add(p);
            }
        }
        return panels;
    }
}
