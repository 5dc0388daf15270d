package org.fraudstream.ingest;

import java.util.Objects;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.contract.TransactionType;

/**
 * One row of a PaySim CSV file, label columns included. The labels stay here: {@link #toEvent}
 * drops them, and they travel separately as {@link org.fraudstream.contract.Label}s.
 */
public record PaySimRow(
        int step,
        TransactionType type,
        double amount,
        String nameOrig,
        double oldbalanceOrg,
        double newbalanceOrig,
        String nameDest,
        double oldbalanceDest,
        double newbalanceDest,
        boolean isFraud,
        boolean isFlaggedFraud) {

    public PaySimRow {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(nameOrig, "nameOrig");
        Objects.requireNonNull(nameDest, "nameDest");
    }

    /** The event of this row, without its labels. */
    public TransactionEvent toEvent(String transactionId, long eventTimeMs) {
        return new TransactionEvent(transactionId, eventTimeMs, step, type, amount, nameOrig, oldbalanceOrg,
                newbalanceOrig, nameDest, oldbalanceDest, newbalanceDest);
    }
}
