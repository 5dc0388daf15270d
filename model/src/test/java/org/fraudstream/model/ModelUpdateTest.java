package org.fraudstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.fraudstream.contract.FeaturesV1;
import org.junit.jupiter.api.Test;

class ModelUpdateTest {

    static ModelUpdate update(String version, String parent) {
        return new ModelUpdate(version, parent, "2025-01-01T12:00:00Z", FeaturesV1.VERSION, FeaturesV1.HASH,
                FeaturesV1.NAMES, ModelUpdate.Sgd.of(TestModels.varied()), 256,
                new ModelUpdate.Gate(ModelUpdate.Metric.LOG_LOSS, 0.31, 0.32, 2000));
    }

    @Test
    void shouldReadBackTheSameUpdateWhenWrittenAsJson() {
        final ModelUpdate u = update("sgd-online-3-1a2b3c4d", "sgd-20250101120000-0f0f0f0f");

        final ModelUpdate back = ModelUpdate.fromBytes(u.toBytes());

        assertThat(back).isEqualTo(u);
        assertThat(back.toLogisticModel()).isEqualTo(TestModels.varied());
    }

    @Test
    void shouldWriteTheWireNamesWhenSerialized() {
        final String json = new String(update("v1", null).toBytes(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"parentVersion\":null", "\"metric\":\"log_loss\"", "\"holdoutSize\":2000",
                "\"sgd\":{\"weights\":[", "\"labelsUsed\":256");
    }

    @Test
    void shouldRejectWeightsThatDoNotMatchTheFeatureNames() {
        final List<String> names = new ArrayList<>(FeaturesV1.NAMES);
        names.remove(0);

        assertThatThrownBy(() -> new ModelUpdate("v1", null, "2025-01-01T00:00:00Z", FeaturesV1.VERSION,
                FeaturesV1.HASH, names, ModelUpdate.Sgd.of(TestModels.varied()), 0, ModelUpdate.Gate.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("featureNames has");
    }

    @Test
    void shouldRejectAVersionThatCannotBeAFileName() {
        assertThatThrownBy(() -> update("../etc/passwd", null)).hasMessageContaining("version must be");
        assertThatThrownBy(() -> update("v1", "a b")).hasMessageContaining("parentVersion must be");
    }

    @Test
    void shouldRejectAGateWithoutValuesWhenAMetricWasUsed() {
        assertThatThrownBy(() -> new ModelUpdate.Gate(ModelUpdate.Metric.PR_AUC, null, 0.5, 10))
                .hasMessageContaining("gate.pr_auc needs finite");
        assertThatThrownBy(() -> new ModelUpdate.Gate(ModelUpdate.Metric.NONE, 0.1, null, 0))
                .hasMessageContaining("none carries no");
    }

    @Test
    void shouldNameTheProblemWhenTheJsonIsNotAnUpdate() {
        final String bad = new String(update("v1", null).toBytes(), StandardCharsets.UTF_8)
                .replace("\"createdAt\":\"2025-01-01T12:00:00Z\"", "\"createdAt\":\"yesterday\"");

        assertThatThrownBy(() -> ModelUpdate.fromBytes(bad.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("createdAt must be an ISO-8601");
        assertThatThrownBy(() -> ModelUpdate.fromBytes("{\"version\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a model_update_v1");
        assertThatThrownBy(() -> ModelUpdate.fromBytes(new byte[0])).hasMessageContaining("empty");
    }

    @Test
    void shouldGiveTheSameShortHashOnlyForTheSameNumbers() {
        final LogisticModel m = TestModels.varied();
        final double[] w = m.weights();
        w[3] = Math.nextUp(w[3]);
        final LogisticModel nudged = new LogisticModel(w, m.bias(), m.mean(), m.scale());

        assertThat(ModelUpdate.shortHash(m)).matches("[0-9a-f]{8}")
                .isEqualTo(ModelUpdate.shortHash(TestModels.varied()));
        assertThat(ModelUpdate.shortHash(nudged)).isNotEqualTo(ModelUpdate.shortHash(m));
    }
}
