package org.fraudstream.contract;

/**
 * What the scoring path remembers about one origin account, after the events it has seen.
 * Kept small and fixed-size so the state store stays cheap; decayed sums stand in for sliding
 * windows (half-life {@link FeaturesV1#HALF_LIFE_STEPS} steps) so the state needs no eviction.
 *
 * @param txnCount          events seen for this account
 * @param lastStep          step of the latest event
 * @param lastAmount        amount of the latest event
 * @param amountSum         sum of all amounts
 * @param decayedCount      exponentially decayed event count, as of {@code lastStep}
 * @param decayedAmount     exponentially decayed amount sum, as of {@code lastStep}
 * @param transferCount     TRANSFER and CASH_OUT events seen (the types fraud uses)
 */
public record AccountState(
        long txnCount,
        int lastStep,
        double lastAmount,
        double amountSum,
        double decayedCount,
        double decayedAmount,
        long transferCount) {

    /** The state of an account that has not been seen yet. */
    public static final AccountState EMPTY = new AccountState(0, -1, 0.0, 0.0, 0.0, 0.0, 0);

    public boolean isNew() {
        return txnCount == 0;
    }
}
