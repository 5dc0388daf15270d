package org.fraudstream.ingest;

/** A replay that could not deliver every record; carries what had been sent until then. */
public final class ReplayException extends RuntimeException {

    private final ReplayStats stats;
    private final long failedSends;

    public ReplayException(String message, ReplayStats stats, long failedSends, Throwable cause) {
        super(message, cause);
        this.stats = stats;
        this.failedSends = failedSends;
    }

    /**
     * Whether the broker was away rather than refusing: a send blocked longer than {@code max.block.ms}
     * (no metadata, buffer full) or records waited longer than {@code delivery.timeout.ms}.
     */
    public boolean brokerUnavailable() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    public ReplayStats stats() {
        return stats;
    }

    /** Records the broker did not acknowledge (0 when a send failed synchronously). */
    public long failedSends() {
        return failedSends;
    }
}
