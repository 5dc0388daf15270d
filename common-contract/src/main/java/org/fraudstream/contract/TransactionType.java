package org.fraudstream.contract;

/** The five PaySim transaction types. The wire form is the enum name. */
public enum TransactionType {
    CASH_IN, CASH_OUT, DEBIT, PAYMENT, TRANSFER;

    /** Returns the type named {@code name}, or {@code null} when there is none (no exception on the hot path). */
    public static TransactionType fromWire(String name) {
        for (TransactionType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
