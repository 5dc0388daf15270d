package org.fraudstream.model;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Generated unlabelled data for the unsupervised models: a dense blob, and points far from it. */
final class Blobs {

    private Blobs() {
    }

    /** Feature names {@code f0..f(d-1)}. */
    static List<String> names(int d) {
        return IntStream.range(0, d).mapToObj(i -> "f" + i).toList();
    }

    /**
     * {@code n} rows of {@code d} correlated features with different means and scales: two latent
     * factors mixed per column plus a little noise, so the rows lie near a plane.
     */
    static double[][] normal(int n, int d, long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final double[][] x = new double[n][d];
        for (int r = 0; r < n; r++) {
            final double a = rnd.nextGaussian();
            final double b = rnd.nextGaussian();
            for (int i = 0; i < d; i++) {
                final double mix = Math.sin(i + 1.0) * a + Math.cos(2.0 * i + 1.0) * b + 0.1 * rnd.nextGaussian();
                x[r][i] = 10.0 * i + (1.0 + 0.5 * i) * mix;
            }
        }
        return x;
    }

    /** {@code n} rows like {@link #normal} but with one random feature moved {@code shift} scales away. */
    static double[][] outliers(int n, int d, double shift, long seed) {
        final double[][] x = normal(n, d, seed);
        final SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (double[] row : x) {
            final int i = rnd.nextInt(d);
            row[i] += (rnd.nextBoolean() ? shift : -shift) * (1.0 + 0.5 * i);
        }
        return x;
    }

    /**
     * {@code n} isolated points: every feature uniform within {@code spread} scales of the blob's
     * centre, so most land far from the blob on several features at once.
     */
    static double[][] scattered(int n, int d, double spread, long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                row[i] = 10.0 * i + (1.0 + 0.5 * i) * spread * (2.0 * rnd.nextDouble() - 1.0);
            }
        }
        return x;
    }
}
