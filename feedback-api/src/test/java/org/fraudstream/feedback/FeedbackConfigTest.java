package org.fraudstream.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackConfigTest {

    private static final String KEYS = "k1-0123456789abcdef,k2-0123456789abcdef";

    @Test
    void shouldUseDefaultsWhenOnlyKeysAreSet() {
        final FeedbackConfig cfg = FeedbackConfig.fromEnv(Map.of("FRAUD_API_KEYS", KEYS));

        assertThat(cfg.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(cfg.port()).isEqualTo(8000);
        assertThat(cfg.apiKeys().size()).isEqualTo(2);
        assertThat(cfg.publishTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(cfg.feedbackTopic().name()).isEqualTo("feedback");
        assertThat(cfg.anomaliesTopic().name()).isEqualTo("anomalies");
        assertThat(cfg.kafkaOverrides()).isEmpty();
        assertThat(cfg.scoringMetricsUrl()).hasToString("http://localhost:8001/metrics");
        assertThat(cfg.modelUpdatesTopic().name()).isEqualTo("model-updates");
        assertThat(FeedbackConfig.of("localhost:9092", 8000, cfg.apiKeys())).isEqualTo(cfg);
    }

    @Test
    void shouldReadEveryVariableWhenSet() {
        final FeedbackConfig cfg = FeedbackConfig.fromEnv(Map.of(
                "FRAUD_API_KEYS", KEYS,
                "FRAUD_BOOTSTRAP_SERVERS", "b1:9092,b2:9092",
                "FRAUD_FEEDBACK_PORT", "0",
                "FRAUD_TOPIC_PREFIX", "run7-",
                "FRAUD_FEEDBACK_PUBLISH_TIMEOUT_MS", "1500",
                "FRAUD_FEEDBACK_ALERTS", "20",
                "FRAUD_FEEDBACK_DEDUP_ENTRIES", "30",
                "FRAUD_FEEDBACK_HEALTH_CACHE_MS", "0",
                "FRAUD_FEEDBACK_SCORING_METRICS_URL", "http://scoring:18001/metrics",
                "FRAUD_FEEDBACK_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));

        assertThat(cfg.bootstrapServers()).isEqualTo("b1:9092,b2:9092");
        assertThat(cfg.port()).isZero();
        assertThat(cfg.feedbackTopic().name()).isEqualTo("run7-feedback");
        assertThat(cfg.anomaliesTopic().name()).isEqualTo("run7-anomalies");
        assertThat(cfg.publishTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(cfg.alertsCapacity()).isEqualTo(20);
        assertThat(cfg.dedupCapacity()).isEqualTo(30);
        assertThat(cfg.healthCacheTtl()).isZero();
        assertThat(FeedbackConfig.fromEnv(Map.of("FRAUD_API_KEYS", KEYS, "FRAUD_FEEDBACK_MAX_IN_FLIGHT", "64"))
                .maxInFlight()).isEqualTo(64);
        assertThat(FeedbackConfig.fromEnv(Map.of("FRAUD_API_KEYS", KEYS)).maxInFlight())
                .isEqualTo(FeedbackConfig.DEFAULT_MAX_IN_FLIGHT);
        assertThat(cfg.scoringMetricsUrl()).hasToString("http://scoring:18001/metrics");
        assertThat(cfg.modelUpdatesTopic().name()).isEqualTo("run7-model-updates");
        assertThat(cfg.kafkaOverrides()).containsExactly(Map.entry("security.protocol", "SASL_SSL"));
    }

    @Test
    void shouldFailNamingTheKeyWhenAValueIsBad() {
        assertThatThrownBy(() -> FeedbackConfig.fromEnv(Map.of())).hasMessageContaining("FRAUD_API_KEYS");
        assertThatThrownBy(() -> FeedbackConfig.fromEnv(Map.of("FRAUD_API_KEYS", KEYS, "FRAUD_FEEDBACK_PORT", "http")))
                .hasMessageContaining("FRAUD_FEEDBACK_PORT");
        assertThatThrownBy(() -> FeedbackConfig.fromEnv(Map.of("FRAUD_API_KEYS", KEYS, "FRAUD_FEEDBACK_PORT", "70000")))
                .hasMessageContaining("FRAUD_FEEDBACK_PORT");
        assertThatThrownBy(() -> FeedbackConfig.fromEnv(Map.of("FRAUD_API_KEYS", KEYS,
                "FRAUD_FEEDBACK_PUBLISH_TIMEOUT_MS", "10"))).hasMessageContaining("FRAUD_FEEDBACK_PUBLISH_TIMEOUT_MS");
        assertThatThrownBy(() -> FeedbackConfig.fromEnv(Map.of("FRAUD_API_KEYS", KEYS, "FRAUD_FEEDBACK_ALERTS", "0")))
                .hasMessageContaining("FRAUD_FEEDBACK_ALERTS");
        assertThatThrownBy(() -> FeedbackConfig.fromEnv(Map.of("FRAUD_API_KEYS", KEYS,
                "FRAUD_FEEDBACK_MAX_IN_FLIGHT", "0"))).hasMessageContaining("FRAUD_FEEDBACK_MAX_IN_FLIGHT");
        assertThatThrownBy(() -> FeedbackConfig.fromEnv(Map.of("FRAUD_API_KEYS", KEYS,
                "FRAUD_BOOTSTRAP_SERVERS", " "))).hasMessageContaining("FRAUD_BOOTSTRAP_SERVERS");
        for (String url : new String[] {"localhost:8001/metrics", "ftp://host/metrics", "http://", "http://a b/"}) {
            assertThatThrownBy(() -> FeedbackConfig.fromEnv(Map.of("FRAUD_API_KEYS", KEYS,
                    "FRAUD_FEEDBACK_SCORING_METRICS_URL", url))).as(url)
                    .hasMessageContaining("FRAUD_FEEDBACK_SCORING_METRICS_URL");
        }
    }

    @Test
    void shouldRefuseToWeakenTheGuaranteesWhenAClientSettingWouldOverrideThem() {
        assertThatThrownBy(() -> FeedbackConfig.fromEnv(Map.of("FRAUD_API_KEYS", KEYS, "FRAUD_FEEDBACK_KAFKA_ACKS", "1")))
                .hasMessageContaining("FRAUD_FEEDBACK_KAFKA_ACKS");
        assertThatThrownBy(() -> FeedbackConfig.fromEnv(Map.of("FRAUD_API_KEYS", KEYS,
                "FRAUD_FEEDBACK_KAFKA_ENABLE_IDEMPOTENCE", "false")))
                .hasMessageContaining("FRAUD_FEEDBACK_KAFKA_ENABLE_IDEMPOTENCE");
    }

    @Test
    void shouldNotShowTheKeysWhenPrinted() {
        assertThat(FeedbackConfig.fromEnv(Map.of("FRAUD_API_KEYS", KEYS)).toString())
                .doesNotContain("k1-0123456789abcdef");
    }

    @Test
    void shouldApplyTheSharedSecuritySettingsAndHideTheirSecretsWhenPrinted(@TempDir Path dir) throws Exception {
        final Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
        final Map<String, String> env = new HashMap<>();
        env.put("FRAUD_API_KEYS", KEYS);
        env.put("FRAUD_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("FRAUD_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256");
        env.put("FRAUD_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"api\" password=\"sasl-pw-1234567\";");
        env.put("FRAUD_KAFKA_SSL_TRUSTSTORE_LOCATION", trust.toString());
        env.put("FRAUD_KAFKA_SSL_TRUSTSTORE_PASSWORD", "trust-pw-7654321");
        env.put("FRAUD_FEEDBACK_KAFKA_SSL_KEY_PASSWORD", "key-pw-1111111");

        final FeedbackConfig cfg = FeedbackConfig.fromEnv(env);

        assertThat(cfg.kafkaOverrides()).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                .containsEntry(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, new Password("trust-pw-7654321"))
                .containsEntry(SslConfigs.SSL_KEY_PASSWORD_CONFIG, new Password("key-pw-1111111"));
        assertThat(cfg.toString()).doesNotContain("sasl-pw-1234567", "trust-pw-7654321", "key-pw-1111111",
                "k1-0123456789abcdef").contains("[hidden]");
    }

    @Test
    void shouldFailNamingTheVariableWhenTheSecurityProtocolIsUnknown() {
        assertThatThrownBy(() -> FeedbackConfig.fromEnv(Map.of("FRAUD_API_KEYS", KEYS,
                "FRAUD_KAFKA_SECURITY_PROTOCOL", "SASL")))
                .hasMessageStartingWith("FRAUD_KAFKA_SECURITY_PROTOCOL must be one of");
    }
}
