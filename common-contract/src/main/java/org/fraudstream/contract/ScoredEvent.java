package org.fraudstream.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A scored event. On {@code scored} it carries the FEATURES_V1 vector that was served (the feedback
 * loop trains on exactly these) and no reasons (they follow from the vector and the model version);
 * on {@code anomalies} and {@code metrics} it carries the reasons and no vector.
 *
 * @param reasons   the reason codes of the score, or {@code null}
 * @param features  the served vector in {@link FeaturesV1#NAMES} order, or {@code null}
 * @param anomaly   whether {@code score >= threshold}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoredEvent(
        String transactionId,
        String accountId,
        long eventTimeMs,
        int step,
        TransactionType type,
        double amount,
        double score,
        double threshold,
        boolean anomaly,
        String modelVersion,
        String featuresVersion,
        List<Reason> reasons,
        double[] features) {

    /** The same event without its reasons (for the scored topic, a feature log). */
    public ScoredEvent withoutReasons() {
        return new ScoredEvent(transactionId, accountId, eventTimeMs, step, type, amount, score, threshold,
                anomaly, modelVersion, featuresVersion, null, features);
    }

    /** The same event without its feature vector (for the anomalies and metrics topics). */
    public ScoredEvent withoutFeatures() {
        return new ScoredEvent(transactionId, accountId, eventTimeMs, step, type, amount, score, threshold,
                anomaly, modelVersion, featuresVersion, reasons, null);
    }
}
