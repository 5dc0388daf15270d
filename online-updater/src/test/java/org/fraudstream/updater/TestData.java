package org.fraudstream.updater;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.model.LogisticModel;

/**
 * FEATURES_V1-shaped labeled rows for the tests: columns with different means and scales, and a
 * label that a linear rule on {@link #SIGNAL} decides (with some noise), so SGD has something to learn.
 */
final class TestData {

    /** The feature that decides the label ({@code log_amount}). */
    static final int SIGNAL = FeaturesV1.NAMES.indexOf("log_amount");
    /** A feature the tests exclude from training ({@code orig_drained}); it carries the label too. */
    static final int EXCLUDED = FeaturesV1.NAMES.indexOf("orig_drained");

    final double[][] x;
    final boolean[] y;

    private TestData(double[][] x, boolean[] y) {
        this.x = x;
        this.y = y;
    }

    /** {@code n} rows, roughly {@code fraudShare} of them fraud, from {@code seed}. */
    static TestData generate(int n, double fraudShare, long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final double[][] x = new double[n][FeaturesV1.SIZE];
        final boolean[] y = new boolean[n];
        for (int r = 0; r < n; r++) {
            y[r] = rnd.nextDouble() < fraudShare;
            for (int i = 0; i < FeaturesV1.SIZE; i++) {
                x[r][i] = mean(i) + scale(i) * rnd.nextGaussian();
            }
            // fraud rows sit 1.5 scales higher on the signal (and on the excluded feature), with overlap
            x[r][SIGNAL] += (y[r] ? 1.5 : -1.5) * scale(SIGNAL);
            x[r][EXCLUDED] += (y[r] ? 2.0 : -2.0) * scale(EXCLUDED);
        }
        return new TestData(x, y);
    }

    static double mean(int i) {
        return 3.0 * i - 10.0;
    }

    static double scale(int i) {
        return 0.5 + 0.25 * i;
    }

    /** A model that knows the standardization but nothing else: all weights 0, bias 0 (p = 0.5). */
    static LogisticModel untrained() {
        final double[] mean = new double[FeaturesV1.SIZE];
        final double[] scale = new double[FeaturesV1.SIZE];
        for (int i = 0; i < FeaturesV1.SIZE; i++) {
            mean[i] = mean(i);
            scale[i] = scale(i);
        }
        return new LogisticModel(new double[FeaturesV1.SIZE], 0.0, mean, scale);
    }

    TestData flipped() {
        final boolean[] f = new boolean[y.length];
        for (int i = 0; i < y.length; i++) {
            f[i] = !y[i];
        }
        return new TestData(x, f);
    }

    TestData rows(int from, int to) {
        return new TestData(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to));
    }

    /** Class-balanced log-loss of {@code m} on these rows. */
    double balancedLogLoss(LogisticModel m) {
        double pos = 0;
        double neg = 0;
        int np = 0;
        int nn = 0;
        for (int r = 0; r < x.length; r++) {
            final double p = m.probability(x[r]);
            if (y[r]) {
                pos -= Math.log(p);
                np++;
            } else {
                neg -= Math.log(1 - p);
                nn++;
            }
        }
        return 0.5 * (pos / np + neg / nn);
    }
}
