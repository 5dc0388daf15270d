package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.io.OutputStream;
import java.io.PrintStream;
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
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.fraudstream.contract.ops.KafkaSecurity;
import org.fraudstream.feedback.FeedbackApp;
import org.fraudstream.feedback.FeedbackConfig;
import org.fraudstream.feedback.FeedbackService;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.ReplayConfig;
import org.fraudstream.ingest.ReplayStats;
import org.fraudstream.ingest.Replayer;
import org.fraudstream.ingest.TrafficGenerator;
import org.fraudstream.kafka.EmbeddedKafka;
import org.fraudstream.kafka.EmbeddedKafka.ScramUser;
import org.fraudstream.scoring.ScoringConfig;
import org.fraudstream.scoring.ScoringService;
import org.fraudstream.scoring.ScoringTopics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The spine against a broker whose client listener requires SASL/SCRAM: events produced with the
 * replay tool's credentials (SCRAM-SHA-512) go through the scoring app configured only through
 * {@code FRAUD_KAFKA_*} (SCRAM-SHA-256) and arrive scored; the feedback API reaches the broker with the
 * same settings; a client with a wrong password is refused. Every log line of the run (Kafka's own
 * included) is captured, and none may carry a password or the API key.
 */
class SaslScramPipelineIT {

    private static final int EVENTS = 2_000;
    private static final ScramUser APP = new ScramUser("fraud-app", "app-Pw-5c9d1e7f-only-here");
    private static final ScramUser TOOLS = new ScramUser("fraud-tools", "tools-Pw-0a4b8c2d-only-here");
    private static final String WRONG_PASSWORD = "wrong-Pw-77e1f3a9-only-here";
    private static final String API_KEY = "api-key-3f9c1b7d5e2a4c6b";
    private static final List<String> SECRETS = List.of(APP.password(), TOOLS.password(), WRONG_PASSWORD, API_KEY);

    @TempDir
    static Path work;

    private static EmbeddedKafka kafka;
    private static Path modelDir;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Map<String, Level> levelsBefore = new HashMap<>();

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.startWithScram(work.resolve("kafka"), List.of(APP, TOOLS));
        modelDir = Stack.trainOnGenerated(work, 20_000, 5, new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void captureEveryLogLine() {
        final LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "org.apache.kafka", "kafka", "org.fraudstream")) {
            final Logger logger = ctx.getLogger(name);
            levelsBefore.put(name, logger.getLevel());
            logger.setLevel(Level.INFO); // Kafka's config dumps are INFO: they must be looked at too
        }
        logs.setContext(ctx);
        logs.start();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(logs);
    }

    @AfterEach
    void stopCapturing() {
        final LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(logs);
        levelsBefore.forEach((name, level) -> ctx.getLogger(name).setLevel(level));
    }

    @Test
    void shouldScoreOverScramAndRefuseAWrongPasswordWithoutLoggingSecrets() throws Exception {
        final String prefix = "sasl-";
        final ScoringTopics topics = ScoringTopics.defaults().withPrefix(prefix);
        kafka.createTopics(Stack.topicNames(topics), 2);
        final Map<String, String> appEnv = securityEnv(APP, "SCRAM-SHA-256");
        appEnv.put("FRAUD_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        appEnv.put("FRAUD_MODEL_DIR", modelDir.toString());
        appEnv.put("FRAUD_STATE_DIR", work.resolve("streams").toString());
        appEnv.put("FRAUD_APPLICATION_ID", prefix + "app");
        appEnv.put("FRAUD_TOPIC_PREFIX", prefix);
        appEnv.put("FRAUD_HTTP_PORT", "-1");
        final ScoringConfig scoringConfig = ScoringConfig.fromEnv(appEnv);
        final Map<String, Object> tools = KafkaSecurity.fromEnv(securityEnv(TOOLS, "SCRAM-SHA-512")).settings();

        try (ScoringService scoring = ScoringService.create(scoringConfig).start().awaitRunning(Duration.ofMinutes(2));
             OutcomeTally tally = new OutcomeTally(kafka.bootstrapServers(), topics, tools).start()) {
            final ReplayStats sent = new Replayer(new ReplayConfig(kafka.bootstrapServers(),
                    topics.transactions().name(), 0, 0.02, 3, "sasl", null, null, tools))
                    .run(new TrafficGenerator(GeneratorConfig.defaults(3)), EVENTS, s -> { });

            Await.until(() -> tally.total() >= sent.sent(), Duration.ofMinutes(3),
                    () -> tally.total() + " of " + sent.sent() + " outcomes");

            assertThat(tally.total()).isEqualTo(EVENTS);
            assertThat(tally.dlq()).isEqualTo(sent.invalidInjected());
            assertThat(tally.anomalies() + tally.metrics()).isEqualTo(sent.valid());
        }
        assertFeedbackApiReachesTheBroker(appEnv);
        assertWrongPasswordIsRefused();

        assertThat(scoringConfig.toString()).doesNotContain(APP.password()).contains("[hidden]");
        assertNoSecretInTheLogs();
    }

    private static void assertFeedbackApiReachesTheBroker(Map<String, String> appEnv) throws Exception {
        final Map<String, String> env = new HashMap<>(appEnv);
        env.put("FRAUD_FEEDBACK_PORT", "0");
        env.put("FRAUD_API_KEYS", API_KEY);
        env.put("FRAUD_FEEDBACK_HEALTH_CACHE_MS", "0");
        final FeedbackConfig config = FeedbackConfig.fromEnv(env);
        assertThat(config.toString()).doesNotContain(APP.password()).doesNotContain(API_KEY);
        try (FeedbackService feedback = FeedbackService.create(config).start()) {
            final HttpClient http = HttpClient.newHttpClient();
            Await.until(() -> get(http, feedback.port(), "/health").contains("\"kafka\":\"UP\""), Duration.ofMinutes(1),
                    () -> get(http, feedback.port(), "/health"));
            final HttpResponse<String> alerts = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + feedback.port() + "/alerts?limit=1"))
                    .header(FeedbackApp.API_KEY_HEADER, API_KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(alerts.statusCode()).isEqualTo(200);
        }
    }

    private static String get(HttpClient http, int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static void assertWrongPasswordIsRefused() {
        final Map<String, Object> c = KafkaSecurity.fromEnv(
                securityEnv(new ScramUser(APP.name(), WRONG_PASSWORD), "SCRAM-SHA-256")).withOverrides(Map.of());
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin intruder = Admin.create(c)) {
            assertThatThrownBy(() -> intruder.describeCluster().clusterId().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private void assertNoSecretInTheLogs() {
        final List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            lines.add(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add(t.getClassName() + ": " + t.getMessage());
                for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                    lines.add(frame.getSTEAsString());
                }
            }
        }
        // The capture works: Kafka dumped the clients' configs, with the JAAS config hidden.
        assertThat(lines).anyMatch(l -> l.contains("sasl.jaas.config = [hidden]"));
        assertThat(lines).anyMatch(l -> l.contains("Authentication failed"));
        for (String secret : SECRETS) {
            assertThat(lines).as("log lines carrying a secret").noneMatch(l -> l.contains(secret));
        }
    }

    private static Map<String, String> securityEnv(ScramUser user, String mechanism) {
        final Map<String, String> env = new HashMap<>();
        env.put("FRAUD_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("FRAUD_KAFKA_SASL_MECHANISM", mechanism);
        env.put("FRAUD_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + user.name() + "\" password=\"" + user.password() + "\";");
        return env;
    }
}
