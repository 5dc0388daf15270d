package org.fraudstream.contract;

/**
 * What the scoring path remembers about one account, after the events it has seen: as a sender
 * (origin of a transaction) and as a receiver (destination). Kept small and fixed-size so the state
 * store stays cheap; decayed sums stand in for sliding windows (half-life
 * {@link FeaturesV1#HALF_LIFE_STEPS} steps) so the state needs no eviction.
 *
 * @param txnCount          events sent by this account
 * @param lastStep          step of the latest event sent ({@code -1}: none)
 * @param lastAmount        amount of the latest event sent
 * @param amountSum         sum of all amounts sent
 * @param decayedCount      exponentially decayed count of events sent, as of {@code lastStep}
 * @param decayedAmount     exponentially decayed sum of amounts sent, as of {@code lastStep}
 * @param transferCount     TRANSFER and CASH_OUT events sent (the types fraud uses)
 * @param recvCount         events received by this account
 * @param lastRecvStep      step of the latest event received ({@code -1}: none)
 * @param lastRecvAmount    amount of the latest event received
 * @param recvAmountSum     sum of all amounts received
 */
public record AccountState(
        long txnCount,
        int lastStep,
        double lastAmount,
        double amountSum,
        double decayedCount,
        double decayedAmount,
        long transferCount,
        long recvCount,
        int lastRecvStep,
        double lastRecvAmount,
        double recvAmountSum) {

    /** The state of an account that has not been seen yet. */
    public static final AccountState EMPTY = new AccountState(0, -1, 0.0, 0.0, 0.0, 0.0, 0, 0, -1, 0.0, 0.0);

    /** Whether the account has sent nothing yet (it may have received). */
    public boolean isNew() {
        return txnCount == 0;
    }

    /** Whether the account has neither sent nor received anything yet. */
    public boolean isUnseen() {
        return txnCount == 0 && recvCount == 0;
    }

    /** The latest step at which the account sent or received, {@code -1} when unseen. */
    public int lastSeenStep() {
        return Math.max(lastStep, lastRecvStep);
    }
}
