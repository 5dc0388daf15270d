package org.fraudstream.model;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * The ONNX operators {@link OnnxExport} needs that Tribuo's {@link org.tribuo.util.onnx.ONNXOperators}
 * lacks: MatMul, Exp, Relu, Tanh, Reshape (opset 13, as Tribuo's) and {@code ai.onnx.ml} TreeEnsembleRegressor
 * version 3, the first that takes thresholds and leaf weights as double tensors.
 */
enum OnnxOps implements ONNXOperator {

    MATMUL("MatMul", 2),
    EXP("Exp", 1),
    RELU("Relu", 1),
    TANH("Tanh", 1),
    RESHAPE("Reshape", 2),
    TREE_ENSEMBLE_REGRESSOR("TreeEnsembleRegressor", 1, OnnxExport.ML_DOMAIN, OnnxExport.ML_VERSION,
            "aggregate_function:STRING", "n_targets:INT", "post_transform:STRING",
            "nodes_treeids:INTS", "nodes_nodeids:INTS", "nodes_featureids:INTS", "nodes_modes:STRINGS",
            "nodes_values_as_tensor:TENSOR", "nodes_truenodeids:INTS", "nodes_falsenodeids:INTS",
            "nodes_missing_value_tracks_true:INTS", "target_treeids:INTS", "target_nodeids:INTS",
            "target_ids:INTS", "target_weights_as_tensor:TENSOR");

    private final String opName;
    private final int numInputs;
    private final String domain;
    private final int version;
    private final Map<String, ONNXAttribute> attributes;

    OnnxOps(String opName, int numInputs) {
        this(opName, numInputs, null, OnnxExport.ONNX_VERSION);
    }

    /** @param attributes {@code name:TYPE}; the ones listed are all mandatory here, as we always set them */
    OnnxOps(String opName, int numInputs, String domain, int version, String... attributes) {
        this.opName = opName;
        this.numInputs = numInputs;
        this.domain = domain;
        this.version = version;
        final Map<String, ONNXAttribute> map = new LinkedHashMap<>();
        for (String a : attributes) {
            final String[] nameType = a.split(":");
            map.put(nameType[0], new ONNXAttribute(nameType[0], AttributeType.valueOf(nameType[1]), true));
        }
        this.attributes = Map.copyOf(map);
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return numInputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return 0;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return attributes.values().stream().filter(ONNXAttribute::isMandatory).map(ONNXAttribute::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public int getOpVersion() {
        return version;
    }

    @Override
    public String getOpDomain() {
        return domain;
    }
}
