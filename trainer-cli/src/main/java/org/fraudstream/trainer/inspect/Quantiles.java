package org.fraudstream.trainer.inspect;

import java.util.Arrays;

/**
 * Exact quantiles of a stream of doubles: every value is kept (8 bytes each, 50 MB for the 6.3M
 * rows of the Kaggle file), sorted once at the end. Quantiles interpolate linearly between the two
 * nearest ranks, the definition of numpy's default and R's type 7: for sorted {@code x[0..n-1]},
 * {@code h = (n - 1) p}, {@code q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h])}.
 */
final class Quantiles {

    private double[] values = new double[1 << 10];
    private int size;
    private boolean sorted = true;

    void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        if (size > 0 && v < values[size - 1]) {
            sorted = false;
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    /** The quantile at {@code p} in [0, 1]; NaN when no value was added. */
    double at(double p) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("p must be in [0, 1], was " + p);
        }
        if (size == 0) {
            return Double.NaN;
        }
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
        final double h = (size - 1) * p;
        final int lo = (int) Math.floor(h);
        final int hi = Math.min(lo + 1, size - 1);
        return values[lo] + (h - lo) * (values[hi] - values[lo]);
    }
}
