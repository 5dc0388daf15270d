package org.fraudstream.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a model bundle is and where it came from: the provenance and evaluation written beside the
 * weights ({@code manifest.json}).
 *
 * @param modelVersion        e.g. {@code sgd-20250101120000-1a2b3c4d}; travels with every score
 * @param featuresVersion     {@link org.fraudstream.contract.FeaturesV1#VERSION} at training time
 * @param featuresHash        {@link org.fraudstream.contract.FeaturesV1#HASH} at training time
 * @param featureNames        the feature order of the weights
 * @param excludedFeatures    features held at weight 0 (e.g. the balance-derived ones)
 * @param threshold           anomaly when {@code score >= threshold}
 * @param alertBudget         the share of events the threshold was chosen to alert on
 * @param seed                training seed
 * @param trainingFileSha256  SHA-256 of the training input file
 * @param createdAt           ISO-8601 instant of training
 * @param codeVersion         version of the code that trained it ({@code dev} outside a release jar)
 * @param parameters          training parameters, JSON values
 * @param metrics             validation metrics, JSON values ({@code null} where undefined)
 */
public record BundleManifest(
        String modelVersion,
        String featuresVersion,
        String featuresHash,
        List<String> featureNames,
        List<String> excludedFeatures,
        double threshold,
        double alertBudget,
        long seed,
        String trainingFileSha256,
        String createdAt,
        String codeVersion,
        Map<String, Object> parameters,
        Map<String, Object> metrics) {

    public BundleManifest {
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(featuresVersion, "featuresVersion");
        Objects.requireNonNull(featuresHash, "featuresHash");
        featureNames = List.copyOf(Objects.requireNonNull(featureNames, "featureNames"));
        excludedFeatures = excludedFeatures == null ? List.of() : List.copyOf(excludedFeatures);
        parameters = orderedCopy(parameters);
        metrics = orderedCopy(metrics);
    }

    private static Map<String, Object> orderedCopy(Map<String, Object> m) {
        // keeps the insertion order (readable JSON) and allows null values (undefined metrics)
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
