package org.fraudstream.contract;

import java.util.Objects;

/**
 * A payment event as the scoring path sees it: the PaySim columns without the label columns
 * ({@code isFraud}, {@code isFlaggedFraud}), plus a transaction id and an event time.
 *
 * <p>Balances may be negative (PaySim has overdrafts); the amount may not.
 *
 * @param transactionId unique id assigned at ingest
 * @param eventTimeMs   event time, epoch milliseconds
 * @param step          PaySim hour index (0-based)
 */
public record TransactionEvent(
        String transactionId,
        long eventTimeMs,
        int step,
        TransactionType type,
        double amount,
        String nameOrig,
        double oldbalanceOrg,
        double newbalanceOrig,
        String nameDest,
        double oldbalanceDest,
        double newbalanceDest) {

    public TransactionEvent {
        requireText(transactionId, "transactionId");
        requireText(nameOrig, "nameOrig");
        requireText(nameDest, "nameDest");
        Objects.requireNonNull(type, "type");
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, was " + step);
        }
        if (!Double.isFinite(amount) || amount < 0) {
            throw new IllegalArgumentException("amount must be finite and >= 0, was " + amount);
        }
        requireFinite(oldbalanceOrg, "oldbalanceOrg");
        requireFinite(newbalanceOrig, "newbalanceOrig");
        requireFinite(oldbalanceDest, "oldbalanceDest");
        requireFinite(newbalanceDest, "newbalanceDest");
    }

    private static void requireText(String s, String field) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(field + " must be non-blank");
        }
    }

    private static void requireFinite(double v, String field) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be finite, was " + v);
        }
    }
}
