package org.fraudstream.contract;

/** Ground truth for one transaction, kept apart from the scoring path (evaluation, simulated analysts). */
public record Label(String transactionId, boolean fraud, int step) {
}
