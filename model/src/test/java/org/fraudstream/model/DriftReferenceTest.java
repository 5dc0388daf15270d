package org.fraudstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.fraudstream.contract.FeaturesV1;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftReferenceTest {

    @TempDir
    Path tmp;

    private static double[] normal(long seed, int n, double mean) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller: enough of a bell for binning
            v[i] = mean + Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
        }
        return v;
    }

    private static long[] counts(DriftBins bins, double[] values) {
        final long[] c = new long[bins.size()];
        for (double v : values) {
            c[bins.bin(v)]++;
        }
        return c;
    }

    private static double[][] rows(long seed, int n) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final double[][] rows = new double[n][FeaturesV1.SIZE];
        for (double[] r : rows) {
            r[rnd.nextInt(5)] = 1.0; // one-hot type
            for (int j = 5; j < FeaturesV1.SIZE; j++) {
                r[j] = j == 13 ? 0.0 : rnd.nextDouble() * j; // one constant feature
            }
        }
        return rows;
    }

    private static double[] scores(long seed, int n) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.pow(rnd.nextDouble(), 6);
        }
        return s;
    }

    @Test
    void shouldMakeAboutEqualQuantileBinsWhenValuesAreContinuous() {
        final DriftBins bins = DriftBins.quantiles("x", normal(1, 50_000, 0.0), 10);

        assertThat(bins.size()).isEqualTo(10);
        for (int i = 0; i < 9; i++) {
            assertThat(bins.proportions()[i]).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.001));
        }
        assertThat(bins.proportions()[9]).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void shouldKeepOneBinPerValueWhenAFeatureIsConstantOrBinary() {
        final DriftBins constant = DriftBins.quantiles("c", new double[]{2.0, 2.0, 2.0}, 10);
        assertThat(constant.edges()).containsExactly(2.0);
        assertThat(constant.proportions()).containsExactly(1.0, 0.0);

        final double[] flags = new double[1000];
        for (int i = 0; i < 300; i++) {
            flags[i] = 1.0;
        }
        final DriftBins binary = DriftBins.quantiles("b", flags, 10);
        assertThat(binary.edges()).containsExactly(0.0, 1.0);
        assertThat(binary.proportions()).containsExactly(0.7, 0.3, 0.0);
    }

    @Test
    void shouldGivePsiNearZeroForTheSameDistributionAndLargeForAShiftedOne() {
        final DriftBins bins = DriftBins.quantiles("x", normal(1, 50_000, 0.0), 10);

        final double same = bins.psi(counts(bins, normal(2, 20_000, 0.0)), 20_000);
        final double shifted = bins.psi(counts(bins, normal(3, 20_000, 1.0)), 20_000);

        assertThat(same).isBetween(0.0, 0.01);
        assertThat(shifted).isGreaterThan(0.25);
        assertThat(bins.psi(new long[bins.size()], 0)).isNaN();
    }

    @Test
    void shouldTreatAValueAboveEveryTrainingValueAsDriftWhenAFeatureWasConstant() {
        final DriftBins constant = DriftBins.quantiles("c", new double[]{0.0, 0.0}, 10);

        assertThat(constant.psi(new long[]{90, 10}, 100)).isGreaterThan(0.25);
        assertThat(constant.psi(new long[]{100, 0}, 100)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldRefuseBinsWhoseProportionsDoNotSumToOne() {
        assertThatThrownBy(() -> new DriftBins("x", new double[]{1.0}, new double[]{0.5, 0.4}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> new DriftBins("x", new double[]{1.0, 1.0}, new double[]{0.5, 0.5, 0.0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly increasing");
    }

    @Test
    void shouldRoundTripTheReferenceThroughTheBundle() throws Exception {
        final DriftReference reference = DriftReference.of(rows(7, 5_000), scores(8, 2_000));
        final Path dir = tmp.resolve("bundle");

        new ModelBundle(TestModels.manifest(), TestModels.varied()).withReference(reference).save(dir);
        final ModelBundle loaded = ModelBundle.load(dir);

        assertThat(Files.exists(dir.resolve(ModelBundle.REFERENCE_FILE))).isTrue();
        assertThat(loaded.reference()).contains(reference);
        assertThat(reference.features()).extracting(DriftBins::name).isEqualTo(FeaturesV1.NAMES);
        assertThat(reference.features().get(13).edges()).containsExactly(0.0);
        assertThat(reference.score().edges()).containsExactly(DriftReference.scoreEdges());
        assertThat(reference.featureRows()).isEqualTo(5_000);
        assertThat(reference.scoreRows()).isEqualTo(2_000);
    }

    @Test
    void shouldLoadABundleWithoutReferenceAndHaveNone() throws Exception {
        final Path dir = tmp.resolve("old");
        new ModelBundle(TestModels.manifest(), TestModels.varied()).save(dir);

        assertThat(ModelBundle.load(dir).reference()).isEmpty();
    }

    @Test
    void shouldRefuseAReferenceMadeForOtherFeatures() throws IOException {
        final Path dir = tmp.resolve("bundle");
        new ModelBundle(TestModels.manifest(), TestModels.varied())
                .withReference(DriftReference.of(rows(7, 500), scores(8, 100))).save(dir);
        final Path file = dir.resolve(ModelBundle.REFERENCE_FILE);
        Files.writeString(file, Files.readString(file, StandardCharsets.UTF_8).replace(FeaturesV1.HASH, "f".repeat(64)),
                StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(ModelBundle.REFERENCE_FILE).hasMessageContaining("manifest says");
    }

    @Test
    void shouldNameTheFileWhenTheReferenceIsDamaged() throws IOException {
        final Path dir = tmp.resolve("bundle");
        new ModelBundle(TestModels.manifest(), TestModels.varied())
                .withReference(DriftReference.of(rows(7, 500), scores(8, 100))).save(dir);
        final Path file = dir.resolve(ModelBundle.REFERENCE_FILE);
        Files.writeString(file, Files.readString(file, StandardCharsets.UTF_8)
                .replace("\"drift_reference_v1\"", "\"drift_reference_v0\""), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(ModelBundle.REFERENCE_FILE).hasMessageContaining("drift_reference_v1");
    }
}
