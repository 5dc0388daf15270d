package org.fraudstream.model;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;
import org.tribuo.util.onnx.ONNXUtils;

/**
 * The ONNX subgraph of each kind of ensemble member and of the {@link Stacker}. A member's graph
 * takes the {@code [N, d]} double features and ends in its signal as an {@code [N, 1]} double
 * column, computed as the member's {@code output} computes it, in double wherever ONNX allows.
 */
final class OnnxGraphs {

    private OnnxGraphs() {
    }

    /** {@link SgdMember}: the log-odds {@code bias + sum_i w_i (x_i - mean_i) / scale_i}. */
    static ONNXNode logistic(ONNXRef<?> x, LogisticModel m) {
        final ONNXContext c = x.onnxContext();
        final ONNXNode z = x.apply(ONNXOperators.SUB, c.array("sgd_mean", m.mean(), false))
                .apply(ONNXOperators.DIV, c.array("sgd_scale", m.scale(), false));
        final ONNXNode logit = z.apply(OnnxOps.MATMUL, c.array("sgd_weights", m.weights(), false)) // [N]
                .apply(ONNXOperators.ADD, c.array("sgd_bias", new double[] {m.bias()}, false));
        return column(logit);
    }

    /**
     * {@link IsolationForestMember}: {@code exp(sum of path lengths * -ln 2 / (c(n) T))}, i.e.
     * {@code 2^(-E[h(x)] / c(n))}. One ONNX tree per forest tree; a split sends {@code x} to the
     * left child when {@code x[f] < threshold} ({@code BRANCH_LT}), NaN to the right, as the JVM
     * walk does. Thresholds and leaf values are double tensors, so with double input the splits
     * compare exactly as in the JVM and the sum is accumulated in double; only the regressor's
     * output is float (the operator's output type), a relative error of at most 6e-8 in the sum.
     */
    static ONNXNode isolationForest(ONNXRef<?> x, IsolationForestModel m) {
        final ONNXContext c = x.onnxContext();
        final ONNXNode pathLengths = x.apply(OnnxOps.TREE_ENSEMBLE_REGRESSOR, treeAttributes(c, m)); // [N, 1] float
        final double exponentPerPathLength =
                -Math.log(2.0) / (IsolationForest.averagePathLength(m.sampleSize()) * m.trees().size());
        return toDouble(pathLengths)
                .apply(ONNXOperators.MUL, c.array("iforest_exponent", new double[] {exponentPerPathLength}, false))
                .apply(OnnxOps.EXP);
    }

    private static Map<String, Object> treeAttributes(ONNXContext c, IsolationForestModel m) {
        final List<IsolationForestModel.Tree> trees = m.trees();
        final int nodes = trees.stream().mapToInt(IsolationForestModel.Tree::size).sum();
        final int[] treeIds = new int[nodes];
        final int[] nodeIds = new int[nodes];
        final int[] featureIds = new int[nodes];
        final String[] modes = new String[nodes];
        final double[] thresholds = new double[nodes];
        final int[] trueIds = new int[nodes];
        final int[] falseIds = new int[nodes];
        final Leaves leaves = new Leaves();
        int at = 0;
        for (int t = 0; t < trees.size(); t++) {
            final IsolationForestModel.Tree tree = trees.get(t);
            final int[] f = tree.feature();
            final double[] thr = tree.threshold();
            final int[] l = tree.left();
            final int[] r = tree.right();
            final double[] len = tree.pathLength();
            for (int n = 0; n < f.length; n++, at++) {
                treeIds[at] = t;
                nodeIds[at] = n;
                final boolean leaf = f[n] == IsolationForestModel.Tree.LEAF;
                modes[at] = leaf ? "LEAF" : "BRANCH_LT";
                featureIds[at] = leaf ? 0 : f[n];
                thresholds[at] = leaf ? 0.0 : thr[n];
                trueIds[at] = leaf ? 0 : l[n];
                falseIds[at] = leaf ? 0 : r[n];
                if (leaf) {
                    leaves.add(t, n, len[n]);
                }
            }
        }
        final Map<String, Object> a = new LinkedHashMap<>();
        a.put("aggregate_function", "SUM");
        a.put("n_targets", 1);
        a.put("post_transform", "NONE");
        a.put("nodes_treeids", treeIds);
        a.put("nodes_nodeids", nodeIds);
        a.put("nodes_featureids", featureIds);
        a.put("nodes_modes", modes);
        a.put("nodes_values_as_tensor", doubles(c, "iforest_thresholds", thresholds));
        a.put("nodes_truenodeids", trueIds);
        a.put("nodes_falsenodeids", falseIds);
        a.put("nodes_missing_value_tracks_true", new int[nodes]);
        a.put("target_treeids", leaves.trees());
        a.put("target_nodeids", leaves.nodes());
        a.put("target_ids", new int[leaves.size()]);
        a.put("target_weights_as_tensor", doubles(c, "iforest_path_lengths", leaves.weights()));
        return a;
    }

    /** The leaves of all trees in order, each with its path length as the weight it adds to the sum. */
    private static final class Leaves {
        private final List<int[]> ids = new ArrayList<>();
        private final List<Double> weights = new ArrayList<>();

        void add(int tree, int node, double weight) {
            ids.add(new int[] {tree, node});
            weights.add(weight);
        }

        int size() {
            return ids.size();
        }

        int[] trees() {
            return ids.stream().mapToInt(i -> i[0]).toArray();
        }

        int[] nodes() {
            return ids.stream().mapToInt(i -> i[1]).toArray();
        }

        double[] weights() {
            return weights.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /**
     * A dense autoencoder's reconstruction error: the features {@code used} of {@code x}, standardized
     * with {@code mean} and {@code scale} (one per used feature), through the layers ({@code hidden}
     * activation after every layer but the last, which is linear), then the mean over the used
     * features of the squared difference to the standardized input: {@code [N, 1]}. The member's own
     * transform of this error into its signal is applied by the caller.
     *
     * @param hidden {@code "tanh"} or {@code "relu"}
     */
    static ONNXNode reconstructionError(ONNXRef<?> x, int[] used, double[] mean, double[] scale, List<DenseLayer> layers,
                                        String hidden) {
        final ONNXContext c = x.onnxContext();
        final long[] usedIds = Arrays.stream(used).asLongStream().toArray();
        final ONNXNode input = x.apply(ONNXOperators.GATHER, c.array("ae_used", usedIds), Map.of("axis", 1))
                .apply(ONNXOperators.SUB, c.array("ae_mean", mean, false))
                .apply(ONNXOperators.DIV, c.array("ae_scale", scale, false));
        ONNXNode h = input;
        for (int l = 0; l < layers.size(); l++) {
            final DenseLayer layer = layers.get(l);
            final ONNXNode w = c.array("ae_w" + l, layer.weights(), false)
                    .apply(OnnxOps.RESHAPE, c.array("ae_w" + l + "_shape", new long[] {layer.outputs(), layer.inputs()}));
            h = c.operation(ONNXOperators.GEMM, List.<ONNXRef<?>>of(h, w, c.array("ae_b" + l, layer.bias(), false)), "ae_layer" + l,
                    Map.of("transB", 1));
            if (l < layers.size() - 1) {
                h = h.apply(activation(hidden));
            }
        }
        final ONNXNode diff = input.apply(ONNXOperators.SUB, h);
        return diff.apply(ONNXOperators.MUL, diff)
                .apply(ONNXOperators.REDUCE_MEAN, Map.of("axes", new int[] {1}, "keepdims", 1));
    }

    /**
     * The autoencoder member's signal from its reconstruction error {@code err} ({@code [N, 1]}):
     * {@code err / (err + threshold)}, computed as {@code 1 / (1 + threshold / err)} so that an
     * infinite error gives 1 (as {@code Autoencoder.score} does) and a zero error 0, not NaN.
     */
    static ONNXNode autoencoderSignal(ONNXRef<?> err, double threshold) {
        final ONNXContext c = err.onnxContext();
        final ONNXNode denominator = c.array("ae_threshold", new double[] {threshold}, false)
                .apply(ONNXOperators.DIV, err)
                .apply(ONNXOperators.ADD, c.array("ae_one", new double[] {1.0}, false));
        return c.array("ae_one", new double[] {1.0}, false).apply(ONNXOperators.DIV, denominator);
    }

    /**
     * One dense layer, {@code out = weights . in + bias}, activation applied separately.
     *
     * @param weights {@code outputs x inputs}, row-major: the weights into output 0 first
     */
    record DenseLayer(int inputs, int outputs, double[] weights, double[] bias) {
    }

    private static OnnxOps activation(String name) {
        return switch (name) {
            case "tanh" -> OnnxOps.TANH;
            case "relu" -> OnnxOps.RELU;
            default -> throw new IllegalArgumentException("no ONNX export for activation " + name
                    + " (expected tanh or relu)");
        };
    }

    /** The {@link Stacker}: {@code sigmoid(bias + sum_j w_j (o_j - mean_j) / scale_j)} over {@code [N, k]}, as {@code [N]}. */
    static ONNXNode stack(ONNXRef<?> members, Stacker s) {
        final ONNXContext c = members.onnxContext();
        return members.apply(ONNXOperators.SUB, c.array("stacker_mean", s.mean(), false))
                .apply(ONNXOperators.DIV, c.array("stacker_scale", s.scale(), false))
                .apply(OnnxOps.MATMUL, c.array("stacker_weights", s.weights(), false))
                .apply(ONNXOperators.ADD, c.array("stacker_bias", new double[] {s.bias()}, false))
                .apply(ONNXOperators.SIGMOID);
    }

    /** {@code [N]} to {@code [N, 1]}. */
    private static ONNXNode column(ONNXRef<?> v) {
        return v.apply(ONNXOperators.UNSQUEEZE, v.onnxContext().array("axis1", new long[] {1}));
    }

    private static ONNXNode toDouble(ONNXRef<?> v) {
        return v.apply(ONNXOperators.CAST, Map.of("to", TensorProto.DataType.DOUBLE_VALUE));
    }

    private static TensorProto doubles(ONNXContext c, String name, double[] values) {
        return ONNXUtils.arrayBuilder(c, name, values, false);
    }
}
