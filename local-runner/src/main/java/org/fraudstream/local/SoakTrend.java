package org.fraudstream.local;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a soak series trends upward: a least-squares line through the samples of the second half
 * of the run (the first half is warm-up: caches, RocksDB memtables and the JIT fill up), with the
 * 95 % confidence interval of its slope (Student's t, n - 2 degrees of freedom).
 *
 * <p>The rule: <b>no upward trend</b> when the interval includes 0 (or lies below it), or when the
 * slope is negligible relative to the level: extrapolated over an hour it would add less than
 * {@value #NEGLIGIBLE_PER_HOUR} of the series' mean over the same half. Otherwise <b>upward trend</b>.
 * Fewer than {@value #MIN_SAMPLES} samples give no verdict.
 */
record SoakTrend(int samples, double mean, double slopePerMinute, double ciLowPerMinute, double ciHighPerMinute,
                 String verdict) {

    static final double NEGLIGIBLE_PER_HOUR = 0.05;
    static final int MIN_SAMPLES = 3;

    /** Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond. */
    private static final double[] T95 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    /** The trend of {@code values} at {@code seconds}, over the samples at or after half of the last time. */
    static SoakTrend secondHalf(double[] seconds, double[] values) {
        final double end = seconds.length == 0 ? 0 : seconds[seconds.length - 1];
        final List<double[]> points = new ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            if (seconds[i] >= end / 2 && Double.isFinite(values[i])) {
                points.add(new double[] {seconds[i], values[i]});
            }
        }
        return of(points);
    }

    private static SoakTrend of(List<double[]> points) {
        final int n = points.size();
        if (n < MIN_SAMPLES) {
            return new SoakTrend(n, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    "no verdict (" + n + " samples in the second half, " + MIN_SAMPLES + " needed)");
        }
        double mx = 0;
        double my = 0;
        for (double[] p : points) {
            mx += p[0] / n;
            my += p[1] / n;
        }
        double sxx = 0;
        double sxy = 0;
        for (double[] p : points) {
            sxx += (p[0] - mx) * (p[0] - mx);
            sxy += (p[0] - mx) * (p[1] - my);
        }
        final double slope = sxy / sxx;
        double sse = 0;
        for (double[] p : points) {
            final double r = p[1] - (my + slope * (p[0] - mx));
            sse += r * r;
        }
        final double se = Math.sqrt(sse / (n - 2) / sxx);
        final double half = t95(n - 2) * se;
        return new SoakTrend(n, my, slope * 60, (slope - half) * 60, (slope + half) * 60,
                verdict(my, slope, slope - half));
    }

    private static String verdict(double mean, double slopePerSecond, double low) {
        if (low <= 0) {
            return "no upward trend (the slope's 95% interval includes 0 or is below it)";
        }
        final double hourShare = slopePerSecond * 3600 / Math.abs(mean);
        if (mean != 0 && hourShare < NEGLIGIBLE_PER_HOUR) {
            return String.format("no upward trend (slope > 0 but negligible: %.1f%% of the level per hour)",
                    100 * hourShare);
        }
        return String.format("UPWARD TREND (%s of the level per hour)",
                mean == 0 ? "from 0" : String.format("%+.0f%%", 100 * hourShare));
    }

    static double t95(int df) {
        return df <= 0 ? Double.NaN : df <= T95.length ? T95[df - 1] : 1.96;
    }

    String describe(String unit) {
        if (Double.isNaN(slopePerMinute)) {
            return verdict;
        }
        return String.format("mean %.1f %s, slope %+.3f %s/min (95%% CI %+.3f..%+.3f): %s", mean, unit,
                slopePerMinute, unit, ciLowPerMinute, ciHighPerMinute, verdict);
    }
}
