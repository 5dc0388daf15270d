package org.fraudstream.updater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.fraudstream.model.ModelUpdate;
import org.junit.jupiter.api.Test;

class UpdaterConfigTest {

    private static UpdaterConfig with(String... keyValues) {
        final Map<String, String> env = new HashMap<>(Map.of("FRAUD_MODEL_DIR", "models/v1"));
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return UpdaterConfig.fromEnv(env);
    }

    @Test
    void shouldUseTheDocumentedDefaultsWhenOnlyTheBaseModelIsGiven() {
        final UpdaterConfig c = with();

        assertThat(c.baseModelDir()).isEqualTo(Path.of("models/v1"));
        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.applicationId()).isEqualTo("fraud-updater");
        assertThat(c.processingGuarantee()).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(c.httpPort()).isEqualTo(8002);
        assertThat(c.batching()).isEqualTo(new UpdaterConfig.Batching(256, Duration.ofSeconds(5), 4096));
        assertThat(c.holdout()).isEqualTo(new UpdaterConfig.Holdout(2000, 5));
        assertThat(c.gate()).isEqualTo(PromotionGate.Config.defaults());
        assertThat(c.sgd()).isEqualTo(OnlineSgdParams.defaults());
        assertThat(c.retention()).isEqualTo(new UpdaterConfig.Retention(Duration.ofHours(24), Duration.ofMinutes(10)));
        assertThat(c.topics().names()).isEqualTo(UpdaterTopics.defaults().names())
                .containsExactly("feedback", "scored", "model-updates", "feedback-dlq", "feedback-unmatched");
    }

    @Test
    void shouldReadEachSettingFromItsKey() {
        final UpdaterConfig c = with("FRAUD_UPDATER_BATCH_SIZE", "64", "FRAUD_UPDATER_MAX_WAIT_MS", "250",
                "FRAUD_UPDATER_HOLDOUT_SIZE", "500", "FRAUD_UPDATER_HOLDOUT_EVERY", "10",
                "FRAUD_UPDATER_HOLDOUT_MIN", "50",
                "FRAUD_UPDATER_GATE_METRIC", "PR_AUC", "FRAUD_UPDATER_PORT", "0", "FRAUD_TOPIC_PREFIX", "t1-",
                "FRAUD_UPDATER_MODEL_DIR", "/var/lib/versions", "FRAUD_UPDATER_SCORED_RETENTION_MS", "3600000");

        assertThat(c.batching()).isEqualTo(new UpdaterConfig.Batching(64, Duration.ofMillis(250), 16 * 64));
        assertThat(c.holdout()).isEqualTo(new UpdaterConfig.Holdout(500, 10));
        assertThat(c.gate().metric()).isEqualTo(ModelUpdate.Metric.PR_AUC);
        assertThat(c.gate().minHoldout()).isEqualTo(50);
        assertThat(c.httpPort()).isZero();
        assertThat(c.archiveDir()).isEqualTo(Path.of("/var/lib/versions"));
        assertThat(c.topics().feedback().name()).isEqualTo("t1-feedback");
        assertThat(c.topics().feedbackUnmatched().name()).isEqualTo("t1-feedback-unmatched");
        assertThat(c.retention().scored()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldNameTheKeyWhenAValueIsBad() {
        assertThatThrownBy(() -> UpdaterConfig.fromEnv(Map.of())).hasMessageStartingWith("FRAUD_MODEL_DIR");
        assertThatThrownBy(() -> with("FRAUD_UPDATER_BATCH_SIZE", "lots"))
                .hasMessageStartingWith("FRAUD_UPDATER_BATCH_SIZE");
        assertThatThrownBy(() -> with("FRAUD_UPDATER_BATCH_SIZE", "0"))
                .hasMessageStartingWith("FRAUD_UPDATER_BATCH_SIZE");
        assertThatThrownBy(() -> with("FRAUD_UPDATER_HOLDOUT_EVERY", "1"))
                .hasMessageStartingWith("FRAUD_UPDATER_HOLDOUT_EVERY");
        assertThatThrownBy(() -> with("FRAUD_UPDATER_GATE_METRIC", "accuracy"))
                .hasMessageStartingWith("FRAUD_UPDATER_GATE_METRIC");
        assertThatThrownBy(() -> with("FRAUD_UPDATER_PORT", "70000")).hasMessageStartingWith("FRAUD_UPDATER_PORT");
        assertThatThrownBy(() -> with("FRAUD_PROCESSING_GUARANTEE", "exactly_once"))
                .hasMessageStartingWith("FRAUD_PROCESSING_GUARANTEE");
        assertThatThrownBy(() -> with("FRAUD_UPDATER_LEARNING_RATE", "-1"))
                .hasMessageStartingWith("FRAUD_UPDATER_LEARNING_RATE");
        assertThatThrownBy(() -> with("FRAUD_UPDATER_MAX_HELD", "3")).hasMessageStartingWith("FRAUD_UPDATER_MAX_HELD");
    }

    @Test
    void shouldSetTheErrorPolicyAndPassStreamsSettingsThrough() {
        final Properties p = with("FRAUD_STREAMS_STATESTORE_CACHE_MAX_BYTES", "0", "FRAUD_COMMIT_INTERVAL_MS", "50")
                .toStreamsProperties();

        assertThat(p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(LogAndContinueExceptionHandler.class);
        assertThat(p.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG)).isEqualTo(true);
        assertThat(p.get("statestore.cache.max.bytes")).isEqualTo("0");
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(50L);
        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("fraud-updater");
    }
}
