package org.fraudstream.updater;

import java.util.Arrays;
import java.util.Objects;

/**
 * One training example of the online updater: an analyst's label joined with the FEATURES_V1 vector
 * that was served for that transaction (from {@code scored}), so that updates learn from exactly
 * what the model saw.
 *
 * @param features           the served vector, in the model's feature order
 * @param fraud              the analyst's label
 * @param servedModelVersion the model version that scored the transaction
 * @param labeledAtMs        the feedback record's timestamp
 */
public record LabeledExample(String transactionId, double[] features, boolean fraud, String servedModelVersion,
                             long labeledAtMs) {

    public LabeledExample {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(features, "features");
        features = features.clone();
    }

    @Override
    public double[] features() {
        return features.clone();
    }

    /** The vector itself, not a copy: for the hot loops that only read it. */
    double[] featuresUnsafe() {
        return features;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabeledExample e && fraud == e.fraud && labeledAtMs == e.labeledAtMs
                && transactionId.equals(e.transactionId) && Arrays.equals(features, e.features)
                && Objects.equals(servedModelVersion, e.servedModelVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(transactionId, Arrays.hashCode(features), fraud, servedModelVersion, labeledAtMs);
    }

    @Override
    public String toString() {
        return "LabeledExample[" + transactionId + ", fraud=" + fraud + ", served by " + servedModelVersion + "]";
    }
}
