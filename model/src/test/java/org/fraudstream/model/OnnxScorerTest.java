package org.fraudstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fraudstream.contract.FeaturesV1;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxScorerTest {

    @TempDir
    Path tmp;

    private final ModelBundle bundle = TestEnsembles.bundle();

    @Test
    void shouldScoreAsTheBundleWhenLoadedFromTheWrittenFile() throws Exception {
        final Path file = tmp.resolve(OnnxExport.FILE);
        OnnxExport.write(bundle, file);

        try (OnnxScorer onnx = OnnxScorer.load(file, bundle.ensemble())) {
            for (double[] x : TestEnsembles.heldOut(200, 3L)) {
                assertThat(onnx.score(x).value()).isCloseTo(bundle.scorer().score(x).value(), within(1e-5));
            }
            assertThat(onnx.modelVersion()).isEqualTo("ensemble-test");
            assertThat(onnx.threshold()).isEqualTo(0.5);
            assertThat(onnx.members()).containsExactly("sgd", "iforest", "autoencoder");
        }
        assertThat(Files.list(tmp)).containsExactly(file); // no temporary file left behind
    }

    @Test
    void shouldRefuseAModelExportedFromAnotherEnsemble() throws Exception {
        final Path file = tmp.resolve("model.onnx");
        final EnsembleScorer other = new EnsembleScorer(bundle.ensemble().members(), bundle.stacker(), "other-1", 0.5);
        OnnxExport.write(other, file);

        assertThatThrownBy(() -> OnnxScorer.load(file, bundle.ensemble()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("fraudstream.modelVersion is other-1, expected ensemble-test");
    }

    @Test
    void shouldRefuseAFileThatIsNotAnOnnxModel() throws Exception {
        final Path file = Files.writeString(tmp.resolve("model.onnx"), "{\"not\": \"onnx\"}");

        assertThatThrownBy(() -> OnnxScorer.load(file, bundle.ensemble()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("cannot load ONNX model " + file);
    }

    @Test
    void shouldExportTheSgdModelAloneWhenTheBundleHasNoEnsemble() {
        final ModelBundle sgdOnly = new ModelBundle(TestModels.manifest(), TestModels.varied());

        try (OnnxScorer onnx = OnnxScorer.of(sgdOnly.ensemble())) {
            for (int i = 0; i < 50; i++) {
                final double[] x = TestModels.vector(i * 0.37);
                final Score jvm = sgdOnly.scorer().score(x);
                final Score s = onnx.score(x);
                assertThat(s.value()).isCloseTo(jvm.value(), within(1e-12));
                assertThat(s.reasons()).isEqualTo(jvm.reasons());
            }
        }
    }

    @Test
    void shouldRejectAVectorOfTheWrongLength() {
        try (OnnxScorer onnx = OnnxScorer.of(bundle.ensemble())) {
            assertThatThrownBy(() -> onnx.score(new double[FeaturesV1.SIZE - 1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected " + FeaturesV1.SIZE + " features, got " + (FeaturesV1.SIZE - 1));
            assertThatThrownBy(() -> onnx.scoreBatch(new double[][] {new double[FeaturesV1.SIZE], new double[3]}))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(onnx.scoreBatch(new double[0][])).isEmpty();
        }
    }

    @Test
    void shouldScoreTheSameFromSeveralThreadsAtOnce() throws Exception {
        final double[][] xs = TestEnsembles.heldOut(400, 8L);
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try (OnnxScorer onnx = OnnxScorer.of(bundle.ensemble())) {
            final List<Future<double[]>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    final double[] p = new double[xs.length];
                    for (int i = 0; i < xs.length; i++) {
                        p[i] = onnx.score(xs[i]).value();
                    }
                    return p;
                }));
            }
            final double[] expected = onnx.scoreBatch(xs);
            for (Future<double[]> run : runs) {
                assertThat(run.get()).containsExactly(expected, within(1e-12));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void shouldPickTheRuntimeByName() {
        assertThat(Scorers.forBundle(bundle, "jvm")).isSameAs(bundle.scorer());
        assertThat(Scorers.forBundle(bundle, null)).isSameAs(bundle.scorer());
        assertThat(Scorers.forBundle(bundle, " ")).isSameAs(bundle.scorer());
        final Scorer onnx = Scorers.forBundle(bundle, " ONNX ");
        try {
            assertThat(onnx).isInstanceOf(OnnxScorer.class);
            assertThat(onnx.modelVersion()).isEqualTo(bundle.scorer().modelVersion());
        } finally {
            ((OnnxScorer) onnx).close();
        }
        assertThatThrownBy(() -> Scorers.forBundle(bundle, "tensorflow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown scorer runtime 'tensorflow': expected jvm or onnx");
    }
}
