package org.fraudstream.model;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.fraudstream.contract.FeaturesV1;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a whole ensemble as one ONNX model. In: an {@link EnsembleScorer} (or the one of a
 * {@link ModelBundle}). Out: a graph with input {@value #INPUT} (double {@code [N, d]}, FEATURES_V1
 * order) and outputs {@value #SCORE} (double {@code [N]}: the ensemble's probability) and
 * {@value #MEMBERS} (double {@code [N, k]}: each member's signal, in the stacker's member order).
 *
 * <p>Double throughout, not float: the Isolation Forest's splits must compare {@code x < threshold}
 * exactly as the JVM does, and a float input or threshold moves points near a threshold to the
 * other side. Opsets: ONNX 13 and {@code ai.onnx.ml} 3. The model carries the model version,
 * FEATURES_V1 version and hash, member names and threshold in its metadata ({@code fraudstream.*}).
 */
public final class OnnxExport {

    /**
     * The file's name in a bundle directory. Write it after {@link ModelBundle#save}, which replaces
     * the whole directory.
     */
    public static final String FILE = "model.onnx";

    public static final String INPUT = "features";
    public static final String SCORE = "score";
    public static final String MEMBERS = "members";

    /** Metadata keys of the exported model. */
    public static final String META_MODEL_VERSION = "fraudstream.modelVersion";
    public static final String META_FEATURES_VERSION = "fraudstream.featuresVersion";
    public static final String META_FEATURES_HASH = "fraudstream.featuresHash";
    public static final String META_MEMBERS = "fraudstream.members";
    public static final String META_THRESHOLD = "fraudstream.threshold";

    static final int ONNX_VERSION = 13;
    static final String ML_DOMAIN = "ai.onnx.ml";
    static final int ML_VERSION = 3;
    /** ONNX IR version 8 (ONNX 1.10): the first that every runtime with opset 13 reads. */
    private static final long IR_VERSION = 8;

    private OnnxExport() {
    }

    /** Writes the bundle's ensemble to {@code file} (beside it first, then moved: never half a file). */
    public static void write(ModelBundle bundle, Path file) throws IOException {
        write(bundle.ensemble(), file);
    }

    /** Writes {@code ensemble} to {@code file}. */
    public static void write(EnsembleScorer ensemble, Path file) throws IOException {
        final Path target = file.toAbsolutePath();
        final Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(tmp, toBytes(ensemble));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The ONNX model of {@code ensemble}, serialized. */
    public static byte[] toBytes(EnsembleScorer ensemble) {
        return model(ensemble).toByteArray();
    }

    static OnnxMl.ModelProto model(EnsembleScorer ensemble) {
        final List<EnsembleMember> members = ensemble.members();
        final OnnxMl.GraphProto graph = graph("fraudstream_ensemble", FeaturesV1.SIZE, members.size(), x -> {
            final List<ONNXNode> signals = new ArrayList<>();
            for (EnsembleMember m : members) {
                signals.add(member(x, m));
            }
            final ONNXNode concat = x.onnxContext().operation(ONNXOperators.CONCAT, signals, "member_signals",
                    Map.of("axis", 1));
            return List.of(OnnxGraphs.stack(concat, ensemble.stacker()), concat);
        });
        return model(graph, "fraud ensemble " + ensemble.modelVersion() + ": " + ensemble.stacker().members(),
                meta(META_MODEL_VERSION, ensemble.modelVersion()),
                meta(META_FEATURES_VERSION, FeaturesV1.VERSION),
                meta(META_FEATURES_HASH, FeaturesV1.HASH),
                meta(META_MEMBERS, String.join(",", ensemble.stacker().members())),
                meta(META_THRESHOLD, Double.toString(ensemble.threshold())));
    }

    static OnnxMl.ModelProto model(OnnxMl.GraphProto graph, String doc, OnnxMl.StringStringEntryProto... metadata) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(ONNX_VERSION))
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(ML_VERSION))
                .setProducerName("fraudstream")
                .setDomain("org.fraudstream")
                .setDocString(doc)
                .addAllMetadataProps(List.of(metadata))
                .setGraph(graph)
                .build();
    }

    /**
     * A graph from {@value #INPUT} (double {@code [N, d]}) to {@value #SCORE} (double {@code [N]})
     * and {@value #MEMBERS} (double {@code [N, k]}), the two nodes {@code body} returns, in that order.
     */
    static OnnxMl.GraphProto graph(String name, int d, int k, Function<ONNXRef<?>, List<ONNXNode>> body) {
        final ONNXContext c = new ONNXContext();
        c.setName(name);
        final ONNXPlaceholder x = c.floatInput(INPUT, d); // Tribuo types it float: re-typed below
        final List<ONNXNode> out = body.apply(x);
        c.assignTo(out.get(0), c.floatOutput(SCORE, 1));
        c.assignTo(out.get(1), c.floatOutput(MEMBERS, k));
        return c.buildGraph().toBuilder()
                .clearInput().addInput(doubles(INPUT, -1, d))
                .clearOutput().addOutput(doubles(SCORE, -1)).addOutput(doubles(MEMBERS, -1, k))
                .build();
    }

    private static ONNXNode member(ONNXRef<?> x, EnsembleMember m) {
        if (m instanceof SgdMember sgd) {
            return OnnxGraphs.logistic(x, sgd.model());
        }
        if (m instanceof IsolationForestMember forest) {
            return OnnxGraphs.isolationForest(x, forest.model());
        }
        if (m instanceof AutoencoderMember ae) {
            final AutoencoderModel a = ae.model();
            final java.util.Set<Integer> excluded = java.util.Arrays.stream(a.excluded()).boxed()
                    .collect(java.util.stream.Collectors.toSet());
            final int[] used = java.util.stream.IntStream.range(0, a.size()).filter(i -> !excluded.contains(i)).toArray();
            final double[] mean = java.util.Arrays.stream(used).mapToDouble(i -> a.mean()[i]).toArray();
            final double[] scale = java.util.Arrays.stream(used).mapToDouble(i -> a.scale()[i]).toArray();
            final List<OnnxGraphs.DenseLayer> layers = a.layers().stream()
                    .map(l -> new OnnxGraphs.DenseLayer(l.inputs(), l.outputs(), l.weights(), l.bias())).toList();
            return OnnxGraphs.autoencoderSignal(OnnxGraphs.reconstructionError(x, used, mean, scale, layers, "tanh"),
                    a.threshold());
        }
        throw new IllegalArgumentException("no ONNX export for ensemble member " + m.name() + " ("
                + m.getClass().getSimpleName() + ")");
    }

    /** A double tensor value; dimension -1 is the batch ({@code N}). */
    private static OnnxMl.ValueInfoProto doubles(String name, long... dims) {
        final OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long dim : dims) {
            shape.addDim(dim < 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        final OnnxMl.TypeProto type = OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.DOUBLE_VALUE)
                        .setShape(shape))
                .build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static OnnxMl.StringStringEntryProto meta(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
