package org.fraudstream.ingest;

/**
 * Counts of one replay (so far, or in all).
 *
 * @param sent            every record sent to the events topic, malformed ones included
 * @param valid           real events sent
 * @param invalidInjected malformed records sent
 * @param labelsWritten   labels written (to the file and/or the topic; one per real event)
 */
public record ReplayStats(long sent, long valid, long invalidInjected, long labelsWritten, double elapsedSeconds) {

    /** Records sent per second of elapsed time (0 before any time has passed). */
    public double sentPerSecond() {
        return elapsedSeconds > 0 ? sent / elapsedSeconds : 0.0;
    }
}
