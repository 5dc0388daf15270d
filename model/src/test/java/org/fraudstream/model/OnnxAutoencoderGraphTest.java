package org.fraudstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.fraudstream.contract.FeaturesV1;
import org.junit.jupiter.api.Test;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * The autoencoder's ONNX graph (the member is not in this ensemble yet): ONNX Runtime's reconstruction
 * error of a small random dense net equals a plain Java forward pass, and its signal the member's.
 */
class OnnxAutoencoderGraphTest {

    private static final int D = FeaturesV1.SIZE;
    private static final int[] USED = IntStream.range(0, D).filter(i -> i != 0 && i != 5).toArray();

    private static double[] randoms(SplittableRandom rnd, int n, double scale) {
        return rnd.doubles(n).map(u -> (u - 0.5) * scale).toArray();
    }

    private static List<OnnxGraphs.DenseLayer> layers(SplittableRandom rnd) {
        final int u = USED.length;
        return List.of(new OnnxGraphs.DenseLayer(u, 8, randoms(rnd, 8 * u, 0.6), randoms(rnd, 8, 0.2)),
                new OnnxGraphs.DenseLayer(8, 4, randoms(rnd, 32, 0.6), randoms(rnd, 4, 0.2)),
                new OnnxGraphs.DenseLayer(4, u, randoms(rnd, 4 * u, 0.6), randoms(rnd, u, 0.2)));
    }

    /** The reference: standardize the used features, tanh/relu layers then a linear one, mean squared error. */
    private static double error(double[] x, double[] mean, double[] scale, List<OnnxGraphs.DenseLayer> layers,
                                boolean relu) {
        final double[] in = new double[USED.length];
        for (int i = 0; i < USED.length; i++) {
            in[i] = (x[USED[i]] - mean[i]) / scale[i];
        }
        double[] h = in;
        for (int l = 0; l < layers.size(); l++) {
            final OnnxGraphs.DenseLayer layer = layers.get(l);
            final double[] out = new double[layer.outputs()];
            for (int o = 0; o < out.length; o++) {
                double s = layer.bias()[o];
                for (int i = 0; i < layer.inputs(); i++) {
                    s += layer.weights()[o * layer.inputs() + i] * h[i];
                }
                final boolean last = l == layers.size() - 1;
                out[o] = last ? s : relu ? Math.max(0.0, s) : Math.tanh(s);
            }
            h = out;
        }
        double sum = 0.0;
        for (int i = 0; i < in.length; i++) {
            sum += (in[i] - h[i]) * (in[i] - h[i]);
        }
        return sum / in.length;
    }

    private static double[] onnxErrors(double[][] xs, double[] mean, double[] scale, List<OnnxGraphs.DenseLayer> layers,
                                       String hidden) throws Exception {
        final var graph = OnnxExport.graph("ae", D, 1, x -> {
            final var err = OnnxGraphs.reconstructionError(x, USED, mean, scale, layers, hidden);
            return List.of(OnnxGraphs.stack(err, Stacker.only(List.of("ae"), "ae")), err);
        });
        return run(graph, xs);
    }

    /** The {@value OnnxExport#MEMBERS} column of {@code graph} on {@code xs}. */
    private static double[] run(OnnxMl.GraphProto graph, double[][] xs) throws Exception {
        final OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(OnnxExport.model(graph, "ae test").toByteArray());
             OnnxTensor in = OnnxTensor.createTensor(env, xs);
             OrtSession.Result r = s.run(Map.of(OnnxExport.INPUT, in))) {
            final double[][] m = (double[][]) r.get(OnnxExport.MEMBERS).orElseThrow().getValue();
            return Arrays.stream(m).mapToDouble(row -> row[0]).toArray();
        }
    }

    @Test
    void shouldComputeTheReconstructionErrorOfTheJavaForwardPass() throws Exception {
        for (String hidden : List.of("tanh", "relu")) {
            final SplittableRandom rnd = new SplittableRandom(31L);
            final double[] mean = randoms(rnd, USED.length, 10.0);
            final double[] scale = rnd.doubles(USED.length, 0.5, 5.0).toArray();
            final List<OnnxGraphs.DenseLayer> layers = layers(rnd);
            final double[][] xs = TestEnsembles.heldOut(300, 4L);

            final double[] onnx = onnxErrors(xs, mean, scale, layers, hidden);

            for (int i = 0; i < xs.length; i++) {
                final double expected = error(xs[i], mean, scale, layers, hidden.equals("relu"));
                assertThat(onnx[i]).as("%s row %d", hidden, i).isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
            }
        }
    }

    @Test
    void shouldMapTheErrorToTheMemberSignalAsTheJvmDoesAtTheExtremesToo() throws Exception {
        final double threshold = 0.8;
        final double[] errors = {0.0, 1e-300, 0.3, threshold, 7.5, 1e300, Double.POSITIVE_INFINITY};
        final double[][] xs = new double[errors.length][D];
        for (int i = 0; i < errors.length; i++) {
            xs[i][0] = errors[i];
        }
        final var graph = OnnxExport.graph("ae_signal", D, 1, x -> {
            final var err = x.apply(ONNXOperators.GATHER, x.onnxContext().array("col0", new long[] {0}),
                    Map.of("axis", 1));
            final var signal = OnnxGraphs.autoencoderSignal(err, threshold);
            return List.of(OnnxGraphs.stack(signal, Stacker.only(List.of("ae"), "ae")), signal);
        });

        final double[] onnx = run(graph, xs);

        for (int i = 0; i < errors.length; i++) {
            final double e = errors[i];
            final double jvm = Double.isInfinite(e) ? 1.0 : e / (e + threshold); // Autoencoder.score
            assertThat(onnx[i]).as("error %s", e).isCloseTo(jvm, within(1e-15));
        }
    }

    @Test
    void shouldRefuseAnActivationItCannotExport() {
        final SplittableRandom rnd = new SplittableRandom(1L);
        assertThatThrownBy(() -> onnxErrors(new double[1][D], new double[USED.length], new double[USED.length],
                layers(rnd), "gelu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no ONNX export for activation gelu (expected tanh or relu)");
    }
}
