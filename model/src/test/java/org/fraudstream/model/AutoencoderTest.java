package org.fraudstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoencoderTest {

    private static final int D = 8;
    private static final List<String> NAMES = Blobs.names(D);
    private static final AutoencoderParams PARAMS = AutoencoderParams.defaults(42L).withEpochs(8);

    private static double[][] train;
    private static AutoencoderModel model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void fit() {
        train = Blobs.normal(6_000, D, 1L);
        model = new AutoencoderTrainer(PARAMS).fit(train, NAMES, null);
    }

    @Test
    void shouldRebuildTrainingLikeRowsBetterThanOutOfDistributionRows() {
        final Autoencoder ae = new Autoencoder(model);
        final double[] normal = ae.reconstructionErrors(Blobs.normal(1_000, D, 2L));
        final double[] odd = ae.reconstructionErrors(Blobs.outliers(1_000, D, 4.0, 3L));

        final double[] all = new double[2_000];
        final boolean[] isOdd = new boolean[2_000];
        System.arraycopy(normal, 0, all, 0, 1_000);
        System.arraycopy(odd, 0, all, 1_000, 1_000);
        Arrays.fill(isOdd, 1_000, 2_000, true);
        assertThat(Metrics.rocAuc(all, isOdd)).isGreaterThan(0.97);
        assertThat(Arrays.stream(odd).average().orElseThrow())
                .isGreaterThan(10 * Arrays.stream(normal).average().orElseThrow());
        // the threshold is a p99 of normal rows: nearly all fresh normal rows score below 0.5
        assertThat(Arrays.stream(normal).filter(e -> e < model.threshold()).count()).isGreaterThan(950);
    }

    @Test
    void shouldLowerTheTrainingLossWhenEpochsPass() {
        final double[] loss = model.trainingLoss();

        assertThat(loss).hasSize(PARAMS.epochs());
        assertThat(loss[loss.length - 1]).isLessThan(loss[0] / 2);
        assertThat(Arrays.stream(loss).min().orElseThrow()).isLessThan(loss[1]);
    }

    @Test
    void shouldTrainTheSameModelWhenSeedIsTheSame() {
        final AutoencoderModel again = new AutoencoderTrainer(PARAMS).fit(train, NAMES, null);

        assertThat(again).isEqualTo(model);
        final double[][] probes = Blobs.outliers(100, D, 2.0, 4L);
        assertThat(new Autoencoder(again).reconstructionErrors(probes))
                .containsExactly(new Autoencoder(model).reconstructionErrors(probes));
    }

    @Test
    void shouldTrainADifferentModelWhenSeedDiffers() {
        final AutoencoderModel other = new AutoencoderTrainer(PARAMS.withSeed(43L)).fit(train, NAMES, null);

        assertThat(other.layers()).isNotEqualTo(model.layers());
    }

    @Test
    void shouldSetTheThresholdToTheP99OfTheGivenErrors() {
        final double[] oneToHundred = IntStream.rangeClosed(1, 100).mapToDouble(i -> 101 - i).toArray();
        assertThat(AutoencoderTrainer.threshold(oneToHundred)).isCloseTo(99.01, within(1e-9));
        assertThat(AutoencoderTrainer.threshold(new double[] {0.3})).isEqualTo(0.3);
        assertThat(AutoencoderTrainer.threshold(new double[] {0.0, 0.0})).isPositive();

        // with nothing held out and no sampling, the threshold is the p99 over all training rows
        final AutoencoderParams noHoldOut = new AutoencoderParams(List.of(), 2, 64, 0.003, 10_000, 0.0, 5L);
        final AutoencoderModel m = new AutoencoderTrainer(noHoldOut).fit(train, NAMES, null);
        assertThat(m.threshold()).isEqualTo(AutoencoderTrainer.threshold(new Autoencoder(m).reconstructionErrors(train)));
    }

    @Test
    void shouldScoreOneHalfWhenTheErrorEqualsTheThreshold() {
        final double[] x = Blobs.outliers(1, D, 3.0, 6L)[0];
        final double err = new Autoencoder(model).reconstructionError(x);

        final Autoencoder ae = new Autoencoder(model.withThreshold(err));

        assertThat(ae.score(x)).isCloseTo(0.5, within(1e-15));
        assertThat(ae.score(train[0])).isGreaterThanOrEqualTo(0.0).isLessThan(0.5);
        assertThat(ae.score(Blobs.scattered(1, D, 1e6, 7L)[0])).isLessThan(1.0).isGreaterThan(0.99);
        assertThat(ae.score(Blobs.scattered(1, D, 1e300, 7L)[0])).isEqualTo(1.0); // the error overflows
    }

    @Test
    void shouldNameTheFeatureRebuiltWorstWhenOneFeatureIsOff() {
        final double[] x = train[3].clone();
        x[5] += 6.0 * (1.0 + 0.5 * 5);

        final List<Reason> reasons = new Autoencoder(model).reasons(x, 3);

        assertThat(reasons).hasSize(3);
        assertThat(reasons.get(0).feature()).isEqualTo("f5");
        assertThat(reasons).allSatisfy(r -> assertThat(r.model()).isEqualTo(Autoencoder.MODEL_NAME));
        assertThat(reasons).extracting(Reason::contribution).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(reasons.stream().mapToDouble(Reason::contribution).sum() / D)
                .isLessThanOrEqualTo(new Autoencoder(model).reconstructionError(x) + 1e-12);
    }

    @Test
    void shouldIgnoreExcludedFeaturesEntirely() {
        final AutoencoderModel m = new AutoencoderTrainer(PARAMS.withEpochs(2)).fit(train, NAMES, new int[] {2});
        final Autoencoder ae = new Autoencoder(m);
        final double[] x = train[7].clone();
        final double before = ae.reconstructionError(x);

        x[2] = 1e9;

        assertThat(m.layers().get(0).inputs()).isEqualTo(D - 1);
        assertThat(ae.reconstructionError(x)).isEqualTo(before);
        assertThat(ae.reasons(x, D)).extracting(Reason::feature).doesNotContain("f2").hasSize(D - 1);
    }

    @Test
    void shouldSampleMaxRowsAndReportProgressUpToItsTotalWhenGivenMoreRows() {
        final AutoencoderTrainer trainer = new AutoencoderTrainer(PARAMS.withEpochs(3).withMaxRows(1_000));
        final List<Long> reported = new ArrayList<>();

        trainer.fit(train, NAMES, null, reported::add);

        assertThat(trainer.progressTotal(train.length)).isEqualTo(3 * 900L);
        assertThat(reported).hasSizeGreaterThan(10).isSorted().last().isEqualTo(3 * 900L);
    }

    @Test
    void shouldGiveEveryThreadTheSameErrorsWhenScoringConcurrently() throws Exception {
        final Autoencoder ae = new Autoencoder(model);
        final double[][] probes = Blobs.outliers(2_000, D, 2.0, 8L);
        final double[] expected = ae.reconstructionErrors(probes);
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    final double[] out = new double[probes.length];
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < probes.length; i++) {
                            out[i] = ae.reconstructionError(probes[i]);
                        }
                    }
                    return out;
                }));
            }
            for (Future<double[]> f : results) {
                assertThat(f.get()).containsExactly(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRejectAVectorOfTheWrongLengthOrRowsThatAreNotFinite() {
        assertThatThrownBy(() -> new Autoencoder(model).reconstructionError(new double[D - 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 8 features, got 7");
        final double[][] rows = Blobs.normal(10, D, 9L);
        rows[3][1] = Double.NaN;
        assertThatThrownBy(() -> new AutoencoderTrainer(PARAMS).fit(rows, NAMES, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 3 feature 1");
    }

    @Test
    void shouldScoreIdenticallyWhenWrittenAndRead() throws Exception {
        final Path file = tmp.resolve("autoencoder.json");
        model.write(file);

        final AutoencoderModel read = AutoencoderModel.read(file);

        assertThat(read).isEqualTo(model);
        final double[][] probes = Blobs.outliers(200, D, 2.0, 10L);
        assertThat(new Autoencoder(read).reconstructionErrors(probes))
                .containsExactly(new Autoencoder(model).reconstructionErrors(probes));
    }

    @Test
    void shouldRejectJsonWhenALayerHasTheWrongNumberOfWeights() {
        assertThatThrownBy(() -> readEdited(root -> ((ArrayNode) root.get("layers").get(1).get("weights")).remove(0)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("autoencoder.json")
                .hasMessageContaining("layers[1].weights has " + (D * 4 - 1) + " values, expected 4 x 8 = 32");
    }

    @Test
    void shouldRejectJsonWhenLayersDoNotChain() {
        assertThatThrownBy(() -> readEdited(root -> ((ObjectNode) root.get("layers").get(1)).put("inputs", 5)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("layers[1] has 5 inputs, expected 4 (the outputs of the layer before)");
    }

    @Test
    void shouldRejectJsonWhenANumberIsNaNOrTheThresholdIsNotPositive() {
        assertThatThrownBy(() -> readEdited(root -> ((ArrayNode) root.get("mean")).set(6, Double.NaN)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("mean[6] must be finite, was NaN");
        assertThatThrownBy(() -> readEdited(root -> ((ArrayNode) root.get("scale")).set(2, 0.0)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("scale[2] must be > 0");
        assertThatThrownBy(() -> readEdited(root -> root.put("threshold", 0.0)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("threshold must be finite and > 0");
        assertThatThrownBy(() -> readEdited(root -> root.put("format", "autoencoder-v2")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("format is autoencoder-v2");
        assertThatThrownBy(() -> readEdited(root -> ((ArrayNode) root.get("mean")).remove(0)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("mean has 7 values, expected 8");
    }

    /** Writes the model, applies {@code edit} to its JSON and reads it back. */
    private AutoencoderModel readEdited(Consumer<ObjectNode> edit) throws IOException, ModelLoadException {
        final Path file = tmp.resolve("autoencoder.json");
        model.write(file);
        final ObjectNode root = (ObjectNode) JsonSerde.MAPPER.readTree(file.toFile());
        edit.accept(root);
        JsonSerde.MAPPER.writeValue(file.toFile(), root);
        return AutoencoderModel.read(file);
    }
}
