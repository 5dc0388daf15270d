package org.fraudstream.model;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Throughput of {@link LogisticScorer#score} on one thread: a benchmark, not a test (its numbers are
 * written down, not asserted). Run after {@code mvn -pl model test-compile}:
 * {@code java -cp model/target/test-classes:model/target/classes:<deps> org.fraudstream.model.ScorerBenchmark}.
 */
public final class ScorerBenchmark {

    private static final int VECTORS = 4096;
    private static final int CALLS = 20_000_000;

    private ScorerBenchmark() {
    }

    public static void main(String[] args) {
        final Scorer scorer = new LogisticScorer(TestModels.varied(), "bench", 0.5);
        final double[][] xs = new double[VECTORS][];
        for (int i = 0; i < VECTORS; i++) {
            xs[i] = TestModels.vector(i * 0.01);
        }
        for (int round = 0; round < 3; round++) {
            run(scorer, xs, CALLS / 4); // warm-up
        }
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long id = Thread.currentThread().getId();
        for (int round = 0; round < 3; round++) {
            final long bytes0 = threads.getThreadAllocatedBytes(id);
            final long t0 = System.nanoTime();
            final double sink = run(scorer, xs, CALLS);
            final long nanos = System.nanoTime() - t0;
            final long bytes = threads.getThreadAllocatedBytes(id) - bytes0;
            System.out.printf(Locale.ROOT, "round %d: %.1f ns/call, %.2f M calls/s, %.0f bytes/call (sink %.3f)%n",
                    round, (double) nanos / CALLS, CALLS * 1e3 / nanos, (double) bytes / CALLS, sink);
        }
    }

    private static double run(Scorer scorer, double[][] xs, int calls) {
        double sum = 0.0;
        for (int i = 0; i < calls; i++) {
            final Score s = scorer.score(xs[i & (VECTORS - 1)]);
            sum += s.value() + s.reasons().size();
        }
        return sum;
    }
}
