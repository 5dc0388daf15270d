package org.fraudstream.local;

import java.util.Arrays;

/**
 * Latency samples in milliseconds, kept whole so percentiles are exact (4 bytes a sample: a
 * million events cost 4 MB). Also keeps the samples since the last {@link #drainWindow()} for live
 * figures. Not thread-safe: one consumer thread records, readers synchronize on the instance.
 */
public final class LatencyRecorder {

    private int[] all = new int[1 << 16];
    private int size;
    private int windowStart;

    public synchronized void record(long millis) {
        if (size == all.length) {
            all = Arrays.copyOf(all, all.length * 2);
        }
        all[size++] = (int) Math.max(0, Math.min(Integer.MAX_VALUE, millis));
    }

    public synchronized long count() {
        return size;
    }

    /** Percentile {@code p} (0..100) over every sample, or NaN when there are none. */
    public synchronized double percentile(double p) {
        return percentileOf(Arrays.copyOf(all, size), p);
    }

    /** Percentile over the samples recorded since the previous call; starts a new window. */
    public synchronized double drainWindow(double p) {
        final double v = percentileOf(Arrays.copyOfRange(all, windowStart, size), p);
        windowStart = size;
        return v;
    }

    /**
     * As {@link #drainWindow(double)}, then drops every sample: for runs of any length (the soak),
     * where keeping them all would itself grow the heap being measured.
     */
    public synchronized double drainWindowAndForget(double p) {
        final double v = drainWindow(p);
        reset();
        return v;
    }

    /** Drops every sample recorded so far (e.g. after a warm-up). */
    public synchronized void reset() {
        size = 0;
        windowStart = 0;
    }

    static double percentileOf(int[] samples, double p) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(samples);
        final int rank = (int) Math.ceil(p / 100.0 * samples.length); // nearest-rank definition
        return samples[Math.max(0, Math.min(samples.length - 1, rank - 1))];
    }
}
