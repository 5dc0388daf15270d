package org.fraudstream.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * The binned distribution of one quantity (a feature, or the score): {@code edges} are the upper
 * bounds of all bins but the last, bin {@code i} holds the values {@code x} with
 * {@code edges[i-1] < x <= edges[i]}, the last bin everything above the last edge. So there are
 * {@code edges.length + 1} bins, and {@code proportions} are their shares of the reference rows
 * (a bin may be empty: above the largest training value, for instance).
 *
 * @param name        the feature name, or {@code score}
 * @param edges       strictly increasing, finite, at least one
 * @param proportions one per bin, each in [0, 1], summing to 1
 */
public record DriftBins(String name, double[] edges, double[] proportions) {

    /** Share that stands in for an empty bin in the PSI, whose logarithm would be infinite. */
    public static final double EPSILON = 1e-4;

    public DriftBins {
        Objects.requireNonNull(name, "name");
        if (edges == null || edges.length == 0) {
            throw new IllegalArgumentException(name + ": edges must hold at least one value");
        }
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1]))) {
                throw new IllegalArgumentException(name + ": edges must be finite and strictly increasing, were "
                        + Arrays.toString(edges));
            }
        }
        if (proportions == null || proportions.length != edges.length + 1) {
            throw new IllegalArgumentException(name + ": expected " + (edges.length + 1) + " proportions (one per bin),"
                    + " got " + (proportions == null ? "none" : proportions.length));
        }
        double sum = 0.0;
        for (double p : proportions) {
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException(name + ": proportions must be in [0, 1], were "
                        + Arrays.toString(proportions));
            }
            sum += p;
        }
        if (Math.abs(sum - 1.0) > 1e-6) {
            throw new IllegalArgumentException(name + ": proportions must sum to 1, sum to " + sum);
        }
        edges = edges.clone();
        proportions = proportions.clone();
    }

    /**
     * Up to {@code bins} bins of about equal shares of {@code values}: the cut points are the
     * {@code k/bins} quantiles, with repeats merged, so a constant or low-cardinality feature gets
     * fewer bins (a constant one: its value, and everything above it).
     */
    public static DriftBins quantiles(String name, double[] values, int bins) {
        if (values.length == 0) {
            throw new IllegalArgumentException(name + ": no values to bin");
        }
        if (bins < 2) {
            throw new IllegalArgumentException(name + ": bins must be >= 2, was " + bins);
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final double[] cuts = new double[bins - 1];
        int n = 0;
        for (int k = 1; k < bins; k++) {
            final int at = (int) Math.max(0, Math.ceil((double) k * sorted.length / bins) - 1);
            final double cut = sorted[at];
            if (n == 0 || cut > cuts[n - 1]) {
                cuts[n++] = cut;
            }
        }
        return fixed(name, Arrays.copyOf(cuts, n), values);
    }

    /** The bins with the given {@code edges}, their proportions counted over {@code values}. */
    public static DriftBins fixed(String name, double[] edges, double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException(name + ": no values to bin");
        }
        final long[] counts = new long[edges.length + 1];
        for (double v : values) {
            counts[bin(edges, v)]++;
        }
        final double[] p = new double[counts.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (double) counts[i] / values.length;
        }
        return new DriftBins(name, edges, p);
    }

    /** Number of bins. */
    public int size() {
        return edges.length + 1;
    }

    /** The bin of {@code x}: the first edge at or above it, else the last bin (NaN: the first bin). */
    public int bin(double x) {
        return bin(edges, x);
    }

    private static int bin(double[] edges, double x) {
        if (edges.length <= 32) {
            // the number of edges below x, without a branch per edge: at the scorer's rate, 29 binary
            // searches' mispredicted branches cost more than these few comparisons
            int below = 0;
            for (double e : edges) {
                below += x > e ? 1 : 0;
            }
            return below;
        }
        if (Double.isNaN(x)) {
            return 0;
        }
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (x <= edges[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * The population stability index of {@code counts} (one per bin, {@code total} in all) against
     * these proportions: the sum over bins of {@code (a - e) ln(a / e)}, with an empty share taken as
     * {@link #EPSILON}. 0 for the same distribution; by common rule of thumb below 0.1 stable, above
     * 0.25 shifted. NaN when {@code total} is 0 (nothing to compare).
     */
    public double psi(long[] counts, long total) {
        if (counts.length != size()) {
            throw new IllegalArgumentException(name + ": expected " + size() + " counts, got " + counts.length);
        }
        if (total <= 0) {
            return Double.NaN;
        }
        double psi = 0.0;
        for (int i = 0; i < counts.length; i++) {
            final double a = Math.max((double) counts[i] / total, EPSILON);
            final double e = Math.max(proportions[i], EPSILON);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    @Override
    public double[] edges() {
        return edges.clone();
    }

    @Override
    public double[] proportions() {
        return proportions.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DriftBins b && name.equals(b.name) && Arrays.equals(edges, b.edges)
                && Arrays.equals(proportions, b.proportions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(edges), Arrays.hashCode(proportions));
    }

    @Override
    public String toString() {
        return "DriftBins[" + name + ", edges=" + Arrays.toString(edges) + ", proportions="
                + Arrays.toString(proportions) + "]";
    }
}
