package org.fraudstream.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.fraudstream.contract.FeaturesV1;

/** Generated FEATURES_V1-shaped data for the tests: a noisy linear rule makes a few rows fraud. */
final class Synthetic {

    /** The feature that drives the label most ({@code log_amount}). */
    static final int STRONG = FeaturesV1.NAMES.indexOf("log_amount");
    /** A second, weaker driver ({@code orig_drained}). */
    static final int WEAK = FeaturesV1.NAMES.indexOf("orig_drained");

    final double[][] x;
    final boolean[] y;

    private Synthetic(double[][] x, boolean[] y) {
        this.x = x;
        this.y = y;
    }

    static Synthetic generate(int n, long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final double[][] x = new double[n][FeaturesV1.SIZE];
        final boolean[] y = new boolean[n];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < FeaturesV1.SIZE; i++) {
                x[r][i] = 3.0 * i + (i + 1) * rnd.nextGaussian(); // different means and scales per column
            }
            final double zStrong = (x[r][STRONG] - 3.0 * STRONG) / (STRONG + 1);
            final double zWeak = (x[r][WEAK] - 3.0 * WEAK) / (WEAK + 1);
            final double logit = -4.5 + 2.5 * zStrong + 1.0 * zWeak + 0.5 * rnd.nextGaussian();
            y[r] = rnd.nextDouble() < LogisticModel.sigmoid(logit);
        }
        return new Synthetic(x, y);
    }

    Synthetic rows(int from, int to) {
        return new Synthetic(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to));
    }

    long positives() {
        long p = 0;
        for (boolean b : y) {
            p += b ? 1 : 0;
        }
        return p;
    }

    double[] scores(LogisticModel m) {
        return Arrays.stream(x).mapToDouble(m::probability).toArray();
    }
}
