package org.fraudstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.fraudstream.contract.FeaturesV1;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ONNX Runtime path scores as the JVM path does: every score within {@value #TOLERANCE}, every
 * member signal within {@value #TOLERANCE} (relative to the signal where it exceeds 1), on held-out
 * rows, random vectors far from the data, and vectors placed exactly on, just below and just above
 * the forest's split thresholds. And a model that differs a little does not pass.
 */
class OnnxParityTest {

    static final double TOLERANCE = 1e-5;

    private static ModelBundle bundle;
    private static OnnxScorer onnx;

    @BeforeAll
    static void export() {
        bundle = TestEnsembles.bundle();
        onnx = OnnxScorer.of(bundle.ensemble());
    }

    @AfterAll
    static void close() {
        onnx.close();
    }

    private static double[][] vectors() {
        return Stream.of(TestEnsembles.heldOut(2_000, 99L), TestEnsembles.random(2_000, 5L), onThresholds())
                .flatMap(Arrays::stream).toArray(double[][]::new);
    }

    /**
     * For the splits near the root of every tree: a held-out row with the split feature set to the
     * threshold, to its neighbours in double, and to the threshold rounded to float and back, where
     * a float comparison would send the row the other way.
     */
    private static double[][] onThresholds() {
        final double[][] base = TestEnsembles.heldOut(50, 123L);
        final List<double[]> out = new ArrayList<>();
        int r = 0;
        for (IsolationForestModel.Tree tree : bundle.forest().trees()) {
            final int[] f = tree.feature();
            final double[] thr = tree.threshold();
            for (int n = 0; n < Math.min(7, f.length); n++) {
                if (f[n] == IsolationForestModel.Tree.LEAF) {
                    continue;
                }
                final double t = thr[n];
                for (double v : new double[] {t, Math.nextDown(t), Math.nextUp(t), (float) t}) {
                    final double[] x = base[r++ % base.length].clone();
                    x[f[n]] = v;
                    out.add(x);
                }
            }
        }
        return out.toArray(double[][]::new);
    }

    @Test
    void shouldMatchTheJvmScoresAndMemberSignalsWhenScoredInOneBatch() {
        final double[][] xs = vectors();

        final Diff diff = Diff.of(bundle.ensemble(), onnx.outputs(xs), xs);

        assertThat(xs.length).isGreaterThan(4_000 + 1_000);
        assertThat(diff.maxScore).as("max |score diff|, %s", diff).isLessThanOrEqualTo(TOLERANCE);
        assertThat(Arrays.stream(diff.maxMember).max().orElseThrow()).as("max member diff, %s", diff)
                .isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void shouldGiveTheBatchScoresAndTheJvmReasonsWhenScoredOneByOne() {
        final double[][] xs = TestEnsembles.heldOut(300, 7L);
        final double[] batch = onnx.scoreBatch(xs);

        for (int i = 0; i < xs.length; i++) {
            final Score one = onnx.score(xs[i]);
            final Score jvm = bundle.scorer().score(xs[i]);
            assertThat(one.value()).isCloseTo(batch[i], within(1e-12)); // a batch of one may sum in another order
            assertThat(onnx.probability(xs[i])).isEqualTo(one.value());
            assertThat(Math.abs(one.value() - jvm.value())).isLessThanOrEqualTo(TOLERANCE);
            assertThat(one.reasons()).isEqualTo(jvm.reasons());
        }
    }

    @Test
    void shouldNotMatchWhenTheSgdWeightsDifferSlightly() {
        final LogisticModel sgd = bundle.sgd();
        final double[] w = sgd.weights();
        w[Synthetic.STRONG] *= 1.01;
        final EnsembleScorer perturbed = withModels(new LogisticModel(w, sgd.bias(), sgd.mean(), sgd.scale()),
                bundle.forest());

        final Diff diff = diffOfExport(perturbed);

        assertThat(diff.maxScore).isGreaterThan(TOLERANCE);
        assertThat(diff.maxMember[0]).isGreaterThan(TOLERANCE);
    }

    @Test
    void shouldNotMatchWhenOneTreeOfTheForestDiffers() {
        final List<IsolationForestModel.Tree> trees = new ArrayList<>(bundle.forest().trees());
        final IsolationForestModel.Tree t = trees.get(0);
        final double[] len = t.pathLength();
        for (int n = 0; n < len.length; n++) {
            len[n] = len[n] > 0 ? len[n] + 1.0 : 0.0;
        }
        trees.set(0, new IsolationForestModel.Tree(t.feature(), t.threshold(), t.left(), t.right(), len));
        final EnsembleScorer perturbed = withModels(bundle.sgd(),
                new IsolationForestModel(bundle.forest().featureNames(), bundle.forest().sampleSize(), trees));

        final Diff diff = diffOfExport(perturbed);

        assertThat(diff.maxMember[1]).isGreaterThan(TOLERANCE);
        assertThat(diff.maxMember[0]).isLessThanOrEqualTo(TOLERANCE);
    }

    /** The export of {@code other} against the JVM path of the test's own ensemble. */
    private static Diff diffOfExport(EnsembleScorer other) {
        final double[][] xs = TestEnsembles.heldOut(500, 99L);
        try (OnnxScorer s = OnnxScorer.of(other)) {
            return Diff.of(bundle.ensemble(), s.outputs(xs), xs);
        }
    }

    private static EnsembleScorer withModels(LogisticModel sgd, IsolationForestModel forest) {
        return new EnsembleScorer(List.of(new SgdMember(sgd, FeaturesV1.NAMES),
                new IsolationForestMember(forest), new AutoencoderMember(bundle.autoencoder())), bundle.stacker(),
                "perturbed", 0.5);
    }

    /** The largest differences between the JVM path and ONNX Runtime's outputs over {@code xs}. */
    static final class Diff {
        double maxScore;
        final double[] maxMember;
        int worstRow = -1;

        private Diff(int k) {
            maxMember = new double[k];
        }

        static Diff of(EnsembleScorer jvm, OnnxScorer.Outputs onnx, double[][] xs) {
            final Diff d = new Diff(jvm.members().size());
            for (int i = 0; i < xs.length; i++) {
                final double s = Math.abs(jvm.probability(xs[i]) - onnx.scores()[i]);
                if (s > d.maxScore) {
                    d.maxScore = s;
                    d.worstRow = i;
                }
                final double[] o = jvm.outputs(xs[i]);
                for (int j = 0; j < o.length; j++) {
                    final double m = Math.abs(o[j] - onnx.members()[i][j]) / Math.max(1.0, Math.abs(o[j]));
                    d.maxMember[j] = Math.max(d.maxMember[j], m);
                }
            }
            return d;
        }

        @Override
        public String toString() {
            return "maxScore=" + maxScore + " (row " + worstRow + "), maxMember=" + Arrays.toString(maxMember);
        }
    }
}
