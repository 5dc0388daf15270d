package org.fraudstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsolationForestTest {

    private static final int D = 6;
    private static final List<String> NAMES = Blobs.names(D);

    private static double[][] train;
    private static IsolationForestModel model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void fit() {
        train = Blobs.normal(5_000, D, 1L);
        model = new IsolationForestTrainer(IsolationForestParams.defaults(42L)).fit(train, NAMES, null);
    }

    private static double[] scores(IsolationForest forest, double[][] rows) {
        return Arrays.stream(rows).mapToDouble(forest::score).toArray();
    }

    @Test
    void shouldScoreIsolatedPointsAboveClusterPointsWhenTrainedOnTheCluster() {
        final IsolationForest forest = new IsolationForest(model);
        final double[] inliers = scores(forest, Blobs.normal(500, D, 2L));
        final double[] outliers = scores(forest, Blobs.scattered(500, D, 8.0, 3L));

        final double[] all = new double[1_000];
        final boolean[] isOutlier = new boolean[1_000];
        System.arraycopy(inliers, 0, all, 0, 500);
        System.arraycopy(outliers, 0, all, 500, 500);
        Arrays.fill(isOutlier, 500, 1_000, true);
        assertThat(Metrics.rocAuc(all, isOutlier)).isGreaterThan(0.95);
        assertThat(Arrays.stream(outliers).average().orElseThrow())
                .isGreaterThan(Arrays.stream(inliers).average().orElseThrow() + 0.1);
        assertThat(Arrays.stream(inliers).average().orElseThrow()).isLessThan(0.5);
    }

    @Test
    void shouldKeepScoresInsideTheOpenUnitIntervalWhenVectorsAreExtreme() {
        final IsolationForest forest = new IsolationForest(model);
        final double[][] probes = {new double[D], filled(1e300), filled(-1e300), filled(Double.NaN), train[0]};

        for (double[] x : probes) {
            assertThat(forest.score(x)).isStrictlyBetween(0.0, 1.0);
        }
        for (double s : scores(forest, Blobs.outliers(200, D, 50.0, 4L))) {
            assertThat(s).isStrictlyBetween(0.0, 1.0);
        }
    }

    @Test
    void shouldScoreOneHalfWhenAllTrainingRowsAreEqual() {
        final double[][] same = new double[300][];
        Arrays.setAll(same, r -> filled(3.0));

        final IsolationForestModel m = new IsolationForestTrainer(IsolationForestParams.defaults(1L)).fit(same, NAMES, null);

        assertThat(m.trees()).allSatisfy(t -> assertThat(t.size()).isEqualTo(1));
        // every path is a lone leaf holding c(sampleSize): 2^(-c/c)
        assertThat(new IsolationForest(m).score(filled(100.0))).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void shouldGrowTheSameForestWhenSeedIsTheSame() {
        final IsolationForestModel again = new IsolationForestTrainer(IsolationForestParams.defaults(42L))
                .fit(train, NAMES, null);

        assertThat(again).isEqualTo(model);
        final double[][] probes = Blobs.outliers(100, D, 3.0, 5L);
        assertThat(scores(new IsolationForest(again), probes)).containsExactly(scores(new IsolationForest(model), probes));
    }

    @Test
    void shouldGrowADifferentForestWhenSeedDiffers() {
        final IsolationForestModel other = new IsolationForestTrainer(IsolationForestParams.defaults(43L))
                .fit(train, NAMES, null);

        assertThat(other).isNotEqualTo(model);
        final double[][] probes = Blobs.outliers(100, D, 3.0, 5L);
        assertThat(scores(new IsolationForest(other), probes)).isNotEqualTo(scores(new IsolationForest(model), probes));
    }

    @Test
    void shouldNeverSplitOnConstantOrExcludedFeatures() {
        final double[][] rows = Blobs.normal(2_000, D, 6L);
        for (double[] row : rows) {
            row[1] = 7.5; // constant in training
        }

        final IsolationForestModel m = new IsolationForestTrainer(IsolationForestParams.defaults(7L))
                .fit(rows, NAMES, new int[] {3});

        assertThat(m.trees()).allSatisfy(t -> assertThat(t.feature()).doesNotContain(1, 3).contains(0, 2, 4, 5));
        final double[] probe = rows[0].clone();
        probe[1] = 1e6;
        probe[3] = -1e6;
        assertThat(new IsolationForest(m).reasons(probe, D)).extracting(Reason::feature).doesNotContain("f1", "f3");
    }

    @Test
    void shouldComputeTheAveragePathLengthOfKnownSizes() {
        assertThat(IsolationForest.averagePathLength(256)).isCloseTo(10.2448, within(1e-4));
        assertThat(IsolationForest.averagePathLength(3)).isCloseTo(2 * (Math.log(2) + 0.5772156649) - 4.0 / 3,
                within(1e-12));
        assertThat(IsolationForest.averagePathLength(2)).isEqualTo(1.0);
        assertThat(IsolationForest.averagePathLength(1)).isEqualTo(0.0);
    }

    @Test
    void shouldStopAtCeilLog2OfTheSampleSizeWhenDepthIsAutomatic() {
        final IsolationForestParams p = IsolationForestParams.defaults(1L);
        assertThat(p.depthLimit(256)).isEqualTo(8);
        assertThat(p.depthLimit(257)).isEqualTo(9);
        assertThat(p.depthLimit(2)).isEqualTo(1);
        assertThat(new IsolationForestParams(10, 256, 3, 1L).depthLimit(256)).isEqualTo(3);

        // a path is at most depthLimit splits long, so a leaf credits at most 8 + c(rows left at depth 8)
        final double bound = 8 + IsolationForest.averagePathLength(256);
        assertThat(model.trees()).allSatisfy(t -> assertThat(Arrays.stream(t.pathLength()).max().orElseThrow())
                .isLessThanOrEqualTo(bound));
    }

    @Test
    void shouldSampleAllRowsWhenThereAreFewerThanTheSubsample() {
        final IsolationForestModel m = new IsolationForestTrainer(IsolationForestParams.defaults(1L))
                .fit(Blobs.normal(50, D, 8L), NAMES, null);

        assertThat(m.sampleSize()).isEqualTo(50);
        assertThat(m.trees()).hasSize(IsolationForestParams.DEFAULT_NUM_TREES);
    }

    @Test
    void shouldNameTheFeatureThatIsolatesFirstWhenOneFeatureIsExtreme() {
        final IsolationForest forest = new IsolationForest(model);
        final double[] x = train[10].clone();
        x[4] += 40.0;

        final List<Reason> reasons = forest.reasons(x, 3);

        assertThat(reasons).hasSizeBetween(1, 3);
        assertThat(reasons.get(0).feature()).isEqualTo("f4");
        assertThat(reasons).allSatisfy(r -> assertThat(r.model()).isEqualTo(IsolationForest.MODEL_NAME));
        assertThat(reasons).extracting(Reason::contribution).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(reasons.stream().mapToDouble(Reason::contribution).sum()).isLessThanOrEqualTo(1.0 + 1e-12);
        assertThat(forest.reasons(x, 0)).isEmpty();
    }

    @Test
    void shouldRejectAVectorOfTheWrongLength() {
        final IsolationForest forest = new IsolationForest(model);
        assertThatThrownBy(() -> forest.score(new double[D + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 6 features, got 7");
    }

    @Test
    void shouldRejectTrainingRowsThatAreNotFinite() {
        final double[][] rows = Blobs.normal(10, D, 9L);
        rows[4][2] = Double.POSITIVE_INFINITY;
        final IsolationForestTrainer trainer = new IsolationForestTrainer(IsolationForestParams.defaults(1L));

        assertThatThrownBy(() -> trainer.fit(rows, NAMES, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 4 feature 2");
        assertThatThrownBy(() -> trainer.fit(Blobs.normal(10, D, 9L), NAMES, new int[] {6}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("excluded index 6");
    }

    @Test
    void shouldScoreIdenticallyWhenWrittenAndRead() throws Exception {
        final Path file = tmp.resolve("iforest.json");
        model.write(file);

        final IsolationForestModel read = IsolationForestModel.read(file);

        assertThat(read).isEqualTo(model);
        final double[][] probes = Blobs.outliers(200, D, 2.0, 10L);
        assertThat(scores(new IsolationForest(read), probes)).containsExactly(scores(new IsolationForest(model), probes));
    }

    @Test
    void shouldRejectJsonWhenTreeArraysDifferInLength() throws IOException {
        assertThatThrownBy(() -> readEdited(tree -> ((ArrayNode) tree.get("threshold")).remove(0)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("iforest.json")
                .hasMessageContaining("trees[1]").hasMessageContaining("one entry per node");
    }

    @Test
    void shouldRejectJsonWhenAChildIndexIsOutOfRange() throws IOException {
        assertThatThrownBy(() -> readEdited(tree -> ((ArrayNode) tree.get("left")).set(0, 100_000)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("trees[1] node 0: left child 100000 is out of range");
        assertThatThrownBy(() -> readEdited(tree -> ((ArrayNode) tree.get("right")).set(0, 0)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("right child 0 is out of range [1,");
        assertThatThrownBy(() -> readEdited(tree -> ((ArrayNode) tree.get("right")).set(0, 1)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("child 1 already has a parent");
    }

    @Test
    void shouldRejectJsonWhenAThresholdIsNaN() throws IOException {
        assertThatThrownBy(() -> readEdited(tree -> ((ArrayNode) tree.get("threshold")).set(0, Double.NaN)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("trees[1].threshold[0] must be finite, was NaN");
    }

    @Test
    void shouldRejectJsonWhenASplitFeatureIsUnknownOrTheFormatIsOther() throws IOException {
        assertThatThrownBy(() -> readEdited(tree -> ((ArrayNode) tree.get("feature")).set(0, D)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("feature 6 is outside [0, 6)");
        final Path file = tmp.resolve("other.json");
        model.write(file);
        final ObjectNode root = (ObjectNode) JsonSerde.MAPPER.readTree(file.toFile());
        root.put("format", "iforest-v0");
        JsonSerde.MAPPER.writeValue(file.toFile(), root);
        assertThatThrownBy(() -> IsolationForestModel.read(file))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("format is iforest-v0, expected iforest-v1");
    }

    private static double[] filled(double v) {
        final double[] x = new double[D];
        Arrays.fill(x, v);
        return x;
    }

    /** Writes the model, applies {@code edit} to its second tree's JSON and reads it back. */
    private IsolationForestModel readEdited(Consumer<ObjectNode> edit) throws IOException, ModelLoadException {
        final Path file = tmp.resolve("iforest.json");
        model.write(file);
        final ObjectNode root = (ObjectNode) JsonSerde.MAPPER.readTree(file.toFile());
        edit.accept((ObjectNode) root.get("trees").get(1));
        JsonSerde.MAPPER.writeValue(file.toFile(), root);
        return IsolationForestModel.read(file);
    }
}
