package org.fraudstream.local;

import java.io.PrintStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fraudstream.ingest.ReplayStats;

/**
 * Prints one line a second while a run goes on (sent, outcomes so far, events/s, p99 over the last
 * second) and waits until every sent event has an outcome, the replay failed, or the outcomes have
 * stopped growing for the idle timeout.
 */
final class LiveFigures {

    private final OutcomeTally tally;
    private final PrintStream err;
    private volatile long sent;

    LiveFigures(OutcomeTally tally, PrintStream err) {
        this.tally = tally;
        this.err = err;
    }

    void sent(ReplayStats soFar) {
        sent = soFar.sent();
    }

    /** Returns when the replay is done and all its events have an outcome; throws on failure or stall. */
    void untilDone(Future<ReplayStats> replay, long idleTimeoutSeconds) throws InterruptedException, ExecutionException {
        final long start = System.nanoTime();
        long nextPrint = start + TimeUnit.SECONDS.toNanos(1);
        long lastTotal = -1;
        long lastChange = start;
        long printedTotal = 0;
        while (true) {
            ReplayStats finished = null;
            try {
                finished = replay.get(100, TimeUnit.MILLISECONDS);
                sent = finished.sent();
            } catch (TimeoutException stillRunning) {
                // the figures below go on
            }
            final long now = System.nanoTime();
            final long total = tally.total();
            final boolean done = finished != null && total >= sent;
            if (now >= nextPrint || done) {
                print((now - start) / 1e9, total, total - printedTotal);
                printedTotal = total;
                nextPrint += TimeUnit.SECONDS.toNanos(1);
            }
            if (done) {
                return;
            }
            if (total != lastTotal) {
                lastTotal = total;
                lastChange = now;
            } else if (now - lastChange > TimeUnit.SECONDS.toNanos(idleTimeoutSeconds)) {
                throw new IllegalStateException("no new outcomes for " + idleTimeoutSeconds + " s: " + total
                        + " of " + sent + " events accounted for (see fraud.log in the work dir)");
            }
        }
    }

    private void print(double seconds, long total, long perSecond) {
        final double p99 = tally.latency().drainWindow(99);
        err.printf("[%6.1fs] sent %,d | out %,d (%,d/s) anomalies %,d  metrics %,d  dlq %,d | p99 %s%n",
                seconds, sent, total, perSecond, tally.anomalies(), tally.metrics(), tally.dlq(),
                Double.isNaN(p99) ? "-" : String.format("%.0f ms", p99));
    }
}
