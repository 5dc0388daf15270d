package org.fraudstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.model.BundleManifest;
import org.fraudstream.model.LogisticModel;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.model.ModelLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing or mismatched model is a clear start-up error, never a silent default. */
class ScoringServiceTest {

    @TempDir
    Path dir;

    private ScoringConfig config(Path modelDir) {
        return new ScoringConfig("localhost:1", "svc-test", StreamsConfig.EXACTLY_ONCE_V2, modelDir,
                dir.resolve("state"), 1, null, "", ScoringConfig.NO_HTTP, Map.of());
    }

    private static ModelBundle bundle() {
        final double[] ones = new double[FeaturesV1.SIZE];
        Arrays.fill(ones, 1.0);
        return new ModelBundle(new BundleManifest("sgd-test", FeaturesV1.VERSION, FeaturesV1.HASH, FeaturesV1.NAMES,
                List.of(), 0.5, 0.005, 1L, "0".repeat(64), "2026-01-01T00:00:00Z", "test", Map.of(), Map.of()),
                new LogisticModel(new double[FeaturesV1.SIZE], 0.0, new double[FeaturesV1.SIZE], ones));
    }

    @Test
    void shouldRefuseToStartWhenTheModelDirectoryIsMissing() {
        final Path missing = dir.resolve("no-such-model");
        assertThatThrownBy(() -> ScoringService.create(config(missing)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldRefuseABundleTrainedOnAnotherFeatureContract() throws Exception {
        final Path model = dir.resolve("model");
        bundle().save(model);
        final Path manifest = model.resolve(ModelBundle.MANIFEST_FILE);
        Files.writeString(manifest, Files.readString(manifest).replace(FeaturesV1.HASH, "f".repeat(64)));

        assertThatThrownBy(() -> ScoringService.create(config(model)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("f".repeat(64))
                .hasMessageContaining(FeaturesV1.HASH);
    }

    @Test
    void shouldCreateTheAppWithTheBundlesVersionAndThreshold() throws Exception {
        final Path model = dir.resolve("model");
        bundle().save(model);
        try (ScoringService service = ScoringService.create(config(model))) {
            assertThat(service.model().current().modelVersion()).isEqualTo("sgd-test");
            assertThat(service.model().current().threshold()).isEqualTo(0.5);
        }
    }

    @Test
    void shouldExitWithStatusTwoAndNoConnectionWhenTheModelIsNotConfigured() throws Exception {
        assertThat(ScoringApp.run(Map.of("FRAUD_BOOTSTRAP_SERVERS", "localhost:1"))).isEqualTo(2);
    }

    @Test
    void shouldPassKafkaSettingsThroughFromTheEnvironmentAndApplyThemLast() {
        final ScoringConfig cfg = ScoringConfig.fromEnv(Map.of("FRAUD_MODEL_DIR", "/m",
                "FRAUD_STREAMS_STATESTORE_CACHE_MAX_BYTES", "0",
                "FRAUD_STREAMS_PRODUCER_LINGER_MS", "1"));
        assertThat(cfg.toStreamsProperties())
                .containsEntry("statestore.cache.max.bytes", "0")
                .containsEntry("producer.linger.ms", "1");
    }

    @Test
    void shouldNameTheBadKeyWhenTheConfigurationIsInvalid() {
        assertThatThrownBy(() -> ScoringConfig.fromEnv(Map.of("FRAUD_MODEL_DIR", "/m",
                "FRAUD_PROCESSING_GUARANTEE", "exactly_once")))
                .hasMessageContaining("FRAUD_PROCESSING_GUARANTEE");
        assertThatThrownBy(() -> ScoringConfig.fromEnv(Map.of("FRAUD_MODEL_DIR", "/m", "FRAUD_STREAM_THREADS", "two")))
                .hasMessageContaining("FRAUD_STREAM_THREADS");
    }
}
