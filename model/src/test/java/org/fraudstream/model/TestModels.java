package org.fraudstream.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraudstream.contract.FeaturesV1;

/** Small hand-made models and manifests for the tests. */
final class TestModels {

    private TestModels() {
    }

    /** A model whose weights, means and scales all differ per feature. */
    static LogisticModel varied() {
        final int d = FeaturesV1.SIZE;
        final double[] w = new double[d];
        final double[] mean = new double[d];
        final double[] scale = new double[d];
        for (int i = 0; i < d; i++) {
            w[i] = (i % 2 == 0 ? 1 : -1) * 0.1 * (i + 1);
            mean[i] = 0.5 * i;
            scale[i] = 1.0 + 0.25 * i;
        }
        return new LogisticModel(w, -3.0, mean, scale);
    }

    static BundleManifest manifest(String version, String featuresHash, double threshold) {
        final Map<String, Object> params = new LinkedHashMap<>();
        params.put("epochs", 5);
        params.put("learningRate", 0.1);
        final Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("roc_auc", 0.97);
        metrics.put("pr_auc", null);
        return new BundleManifest(version, FeaturesV1.VERSION, featuresHash, FeaturesV1.NAMES,
                List.of("orig_drained"), threshold, 0.005, 42L, "ab".repeat(32), "2025-01-01T00:00:00Z", "dev",
                params, metrics);
    }

    static BundleManifest manifest() {
        return manifest("sgd-test", FeaturesV1.HASH, 0.8);
    }

    /** A vector with distinct, non-trivial values. */
    static double[] vector(double offset) {
        final double[] x = new double[FeaturesV1.SIZE];
        for (int i = 0; i < x.length; i++) {
            x[i] = offset + Math.sin(i + offset) * (i + 1);
        }
        return x;
    }
}
