package org.fraudstream.scoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.model.DriftBins;
import org.fraudstream.model.DriftReference;

/**
 * The live side of drift: how the served feature vectors and scores of the last few minutes fall
 * into the bins of the bundle's {@link DriftReference}, and their population stability index
 * against it.
 *
 * <p>The window is time-bucketed by wall clock: {@code buckets} buckets of {@code bucket} each
 * (default 10 x 1 minute), the current one included, so it covers between 9 and 10 minutes of the
 * latest traffic and forgets older traffic a minute at a time; a quiet stream empties it. Each
 * scoring processor (task) records into its own {@link Recorder}: a lock that only the scrape ever
 * contends for, so several stream threads never wait on one another. The PSI is computed when
 * {@code /metrics} is scraped ({@code drift_psi{feature}}, one series per FEATURES_V1 feature and
 * {@code feature="score"}; NaN while the window is empty), never per event; {@code drift_window_events}
 * says how many events the window holds (a PSI over few events is noise).
 */
public final class DriftWindow {

    public static final Duration DEFAULT_BUCKET = Duration.ofMinutes(1);
    public static final int DEFAULT_BUCKETS = 10;

    private final DriftBins[] bins; // the features in FEATURES_V1 order, then the score
    private final int[] offsets; // where each quantity's bins start in a bucket's counts
    private final int width;
    private final long bucketMs;
    private final int buckets;
    private final List<Recorder> recorders = new CopyOnWriteArrayList<>();

    public DriftWindow(DriftReference reference, Duration bucket, int buckets) {
        if (bucket.toMillis() < 1 || buckets < 1) {
            throw new IllegalArgumentException("the drift window needs buckets of >= 1 ms and >= 1 of them, was "
                    + buckets + " x " + bucket);
        }
        this.bins = new DriftBins[FeaturesV1.SIZE + 1];
        for (int j = 0; j < FeaturesV1.SIZE; j++) {
            bins[j] = reference.features().get(j);
        }
        bins[FeaturesV1.SIZE] = reference.score();
        this.offsets = new int[bins.length];
        int w = 0;
        for (int q = 0; q < bins.length; q++) {
            offsets[q] = w;
            w += bins[q].size();
        }
        this.width = w;
        this.bucketMs = bucket.toMillis();
        this.buckets = buckets;
    }

    public DriftWindow(DriftReference reference) {
        this(reference, DEFAULT_BUCKET, DEFAULT_BUCKETS);
    }

    /** A new recorder for one processor; {@link Recorder#release()} it when the processor closes. */
    public Recorder recorder() {
        final Recorder r = new Recorder();
        recorders.add(r);
        return r;
    }

    /** The names of the quantities, as in the {@code feature} label: FEATURES_V1's, then {@code score}. */
    public List<String> quantities() {
        return Arrays.stream(bins).map(DriftBins::name).toList();
    }

    /** The PSI of quantity {@code q} (index into {@link #quantities()}) over the window ending at {@code nowMs}. */
    public double psi(int q, long nowMs) {
        final long current = nowMs / bucketMs;
        final long[] counts = new long[bins[q].size()];
        long total = 0;
        for (Recorder r : recorders) {
            total += r.addTo(q, counts, current);
        }
        return bins[q].psi(counts, total);
    }

    /** Events in the window ending at {@code nowMs}. */
    public long events(long nowMs) {
        final long current = nowMs / bucketMs;
        long total = 0;
        for (Recorder r : recorders) {
            total += r.addTo(-1, null, current);
        }
        recorders.removeIf(r -> r.released && r.isEmpty(current));
        return total;
    }

    /** Registers {@code drift_psi{feature}} and {@code drift_window_events}, read at {@code clock}'s time. */
    public void bindTo(MeterRegistry registry, LongSupplier clock) {
        final List<String> names = quantities();
        for (int q = 0; q < names.size(); q++) {
            final int quantity = q;
            Gauge.builder("drift.psi", this, w -> w.psi(quantity, clock.getAsLong()))
                    .description("population stability index of the live window against the bundle's training"
                            + " reference (NaN while the window is empty)")
                    .tag("feature", names.get(q)).strongReference(true).register(registry);
        }
        Gauge.builder("drift.window.events", this, w -> w.events(clock.getAsLong()))
                .description("events in the live drift window").strongReference(true).register(registry);
    }

    private boolean inWindow(long epoch, long current) {
        return epoch > current - buckets && epoch <= current;
    }

    /** One processor's counts per bucket. Thread-safe; in practice written by one stream thread at a time. */
    public final class Recorder {

        private final long[][] counts = new long[buckets][width];
        private final long[] totals = new long[buckets];
        private final long[] epochs = new long[buckets];
        private volatile boolean released;

        private Recorder() {
            Arrays.fill(epochs, Long.MIN_VALUE);
        }

        /** Counts one served vector and its score at wall-clock time {@code nowMs}. */
        public synchronized void record(double[] features, double score, long nowMs) {
            final long epoch = nowMs / bucketMs;
            final int slot = (int) Math.floorMod(epoch, (long) buckets);
            final long[] c = counts[slot];
            if (epochs[slot] != epoch) {
                Arrays.fill(c, 0L);
                totals[slot] = 0;
                epochs[slot] = epoch;
            }
            final int n = Math.min(features.length, FeaturesV1.SIZE);
            for (int j = 0; j < n; j++) {
                c[offsets[j] + bins[j].bin(features[j])]++;
            }
            c[offsets[FeaturesV1.SIZE] + bins[FeaturesV1.SIZE].bin(score)]++;
            totals[slot]++;
        }

        /** Its counts stay in the window until they age out; then it is dropped. */
        public void release() {
            released = true;
        }

        /** Adds quantity {@code q}'s bin counts in the window into {@code into} (none for q < 0); returns the events. */
        private synchronized long addTo(int q, long[] into, long current) {
            long total = 0;
            for (int s = 0; s < buckets; s++) {
                if (!inWindow(epochs[s], current)) {
                    continue;
                }
                total += totals[s];
                if (q >= 0) {
                    for (int b = 0; b < into.length; b++) {
                        into[b] += counts[s][offsets[q] + b];
                    }
                }
            }
            return total;
        }

        private synchronized boolean isEmpty(long current) {
            for (int s = 0; s < buckets; s++) {
                if (inWindow(epochs[s], current) && totals[s] > 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
