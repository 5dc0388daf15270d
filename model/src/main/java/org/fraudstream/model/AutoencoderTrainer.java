package org.fraudstream.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an {@link AutoencoderModel} on normal traffic by mini-batch Adam on the mean squared
 * reconstruction error.
 *
 * <p>In: rows of equal length in the order of the feature names (the caller passes only legit
 * rows), indices of features to leave out. Out: a model whose threshold is the p99 of the
 * reconstruction errors of held-out rows. At most {@code maxRows} rows are used (a seeded sample),
 * a {@code validationFraction} of them held out; the standardization is fitted on the rest. Weights
 * start Glorot-uniform from the seed and the rows are reshuffled from the seed every epoch, so a
 * seed gives one model. Single-threaded: the machines are shared and the result must not depend on
 * scheduling.
 */
public final class AutoencoderTrainer {

    /** The quantile of validation errors taken as the threshold. */
    public static final double THRESHOLD_QUANTILE = 0.99;

    private static final Logger LOG = LoggerFactory.getLogger(AutoencoderTrainer.class);
    /** Keeps a threshold positive when the validation rows are rebuilt perfectly (constant data). */
    private static final double MIN_THRESHOLD = 1e-12;

    private final AutoencoderParams params;

    public AutoencoderTrainer(AutoencoderParams params) {
        this.params = Objects.requireNonNull(params, "params");
    }

    public AutoencoderParams params() {
        return params;
    }

    /** Trains on {@code rows}; see the class comment. */
    public AutoencoderModel fit(double[][] rows, List<String> featureNames, int[] excludedIndices) {
        return fit(rows, featureNames, excludedIndices, null);
    }

    /**
     * As {@link #fit(double[][], List, int[])}, reporting training rows processed so far (up to
     * {@link #progressTotal(int)}) to {@code progress} (may be null), from the calling thread.
     */
    public AutoencoderModel fit(double[][] rows, List<String> featureNames, int[] excludedIndices,
            LongConsumer progress) {
        final List<String> names = Checks.featureNames(featureNames);
        final int d = names.size();
        Checks.trainingRows(rows, d, 2);
        final boolean[] included = Checks.included(d, excludedIndices);
        final int[] used = IntStream.range(0, d).filter(i -> included[i]).toArray();
        final int[] excluded = IntStream.range(0, d).filter(i -> !included[i]).toArray();
        final SplittableRandom rnd = new SplittableRandom(params.seed());
        final int[] kept = sample(rows.length, Math.min(rows.length, params.maxRows()), rnd);
        final int validation = validationRows(kept.length);
        final int[] trainRows = Arrays.copyOfRange(kept, validation, kept.length);
        final double[] mean = new double[d];
        final double[] scale = new double[d];
        standardization(rows, trainRows, mean, scale);
        final List<Integer> hidden = params.hiddenSizesFor(used.length);
        LOG.info("training autoencoder {} -> {} -> {} on {} of {} rows ({} held out), {}", used.length, hidden,
                used.length, trainRows.length, rows.length, validation, params);

        final AutoencoderNetwork net = new AutoencoderNetwork(widths(used.length, hidden), rnd.split());
        final double[] z = standardized(rows, trainRows, used, mean, scale);
        final double[] loss = new double[params.epochs()];
        final Progress report = new Progress(progress, progressTotal(rows.length));
        for (int e = 0; e < params.epochs(); e++) {
            loss[e] = net.epoch(z, trainRows.length, params.batchSize(), params.learningRate(), rnd, report);
            LOG.debug("epoch {}: mean training error {}", e + 1, loss[e]);
        }
        report.done();
        final AutoencoderModel provisional = new AutoencoderModel(AutoencoderModel.FORMAT, names, excluded, mean,
                scale, net.layers(), 1.0, loss);
        final int[] thresholdRows = validation > 0 ? Arrays.copyOf(kept, validation) : trainRows;
        final Autoencoder scorer = new Autoencoder(provisional);
        final double[] errors = Arrays.stream(thresholdRows).mapToDouble(r -> scorer.reconstructionError(rows[r]))
                .toArray();
        return provisional.withThreshold(threshold(errors));
    }

    /** The last progress value {@link #fit} reports for {@code rows} input rows: epochs times training rows. */
    public long progressTotal(int rows) {
        final int kept = Math.min(rows, params.maxRows());
        return (long) params.epochs() * (kept - validationRows(kept));
    }

    /**
     * The threshold for errors of validation rows: their {@value #THRESHOLD_QUANTILE} quantile, linearly
     * interpolated between order statistics (as numpy's default), at least 1e-12.
     */
    public static double threshold(double[] validationErrors) {
        return Math.max(MIN_THRESHOLD, quantile(validationErrors, THRESHOLD_QUANTILE));
    }

    /** The {@code q} quantile of {@code values}, interpolated linearly between the order statistics. */
    static double quantile(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to take a quantile of");
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final double pos = q * (sorted.length - 1);
        final int lo = (int) Math.floor(pos);
        final int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private int validationRows(int kept) {
        final int v = (int) Math.round(kept * params.validationFraction());
        return params.validationFraction() > 0.0 ? Math.max(1, Math.min(kept - 1, v)) : 0;
    }

    /** {@code k} distinct row indices of {@code n} in random order (a partial Fisher-Yates shuffle). */
    private static int[] sample(int n, int k, SplittableRandom rnd) {
        final int[] index = new int[n];
        Arrays.setAll(index, i -> i);
        for (int i = 0; i < k; i++) {
            final int j = i + rnd.nextInt(n - i);
            final int tmp = index[i];
            index[i] = index[j];
            index[j] = tmp;
        }
        return k == n ? index : Arrays.copyOf(index, k);
    }

    /** Means and population standard deviations of the chosen rows (Welford); a constant column gets scale 1. */
    private static void standardization(double[][] rows, int[] chosen, double[] mean, double[] scale) {
        final int d = mean.length;
        final double[] m2 = new double[d];
        for (int k = 0; k < chosen.length; k++) {
            final double[] x = rows[chosen[k]];
            for (int i = 0; i < d; i++) {
                final double delta = x[i] - mean[i];
                mean[i] += delta / (k + 1);
                m2[i] += delta * (x[i] - mean[i]);
            }
        }
        for (int i = 0; i < d; i++) {
            final double sd = Math.sqrt(m2[i] / chosen.length);
            scale[i] = sd > 1e-12 && Double.isFinite(sd) ? sd : 1.0;
        }
    }

    /** The used features of the chosen rows, standardized, one row after another. */
    private static double[] standardized(double[][] rows, int[] chosen, int[] used, double[] mean, double[] scale) {
        final int n = used.length;
        final double[] z = new double[chosen.length * n];
        for (int k = 0; k < chosen.length; k++) {
            final double[] x = rows[chosen[k]];
            for (int j = 0; j < n; j++) {
                z[k * n + j] = (x[used[j]] - mean[used[j]]) / scale[used[j]];
            }
        }
        return z;
    }

    private static int[] widths(int inputs, List<Integer> hidden) {
        final List<Integer> all = new ArrayList<>(hidden.size() + 2);
        all.add(inputs);
        all.addAll(hidden);
        all.add(inputs);
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Forwards progress about a hundred times per training, not on every batch. */
    static final class Progress {

        private final LongConsumer sink;
        private final long total;
        private final long step;
        private long done;
        private long next;

        Progress(LongConsumer sink, long total) {
            this.sink = sink;
            this.total = total;
            this.step = Math.max(1, total / 100);
            this.next = step;
        }

        void add(long rows) {
            done += rows;
            if (sink != null && done >= next) {
                sink.accept(Math.min(done, total));
                next = done + step;
            }
        }

        void done() {
            if (sink != null) {
                sink.accept(total);
            }
        }
    }
}
