package org.fraudstream.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Ranking metrics of fraud scores against labels ({@code true} = fraud). Ties in the scores are
 * handled as one threshold, as scikit-learn does, so the results do not depend on input order.
 */
public final class Metrics {

    private Metrics() {
    }

    /**
     * Area under the ROC curve: the probability that a random fraud scores above a random legit
     * event, ties counting one half. {@code NaN} when either class is absent.
     */
    public static double rocAuc(double[] scores, boolean[] y) {
        requireSameLength(scores, y);
        final int[] order = descending(scores);
        long pos = 0;
        long neg = 0;
        double pairs = 0.0; // (fraud, legit) pairs ranked correctly, ties as 1/2
        int i = 0;
        while (i < order.length) {
            final int end = tieEnd(scores, order, i);
            long groupPos = 0;
            long groupNeg = 0;
            for (int k = i; k < end; k++) {
                if (y[order[k]]) {
                    groupPos++;
                } else {
                    groupNeg++;
                }
            }
            // every legit of this group is outranked by all frauds seen before it, and tied with these
            pairs += groupNeg * (pos + 0.5 * groupPos);
            pos += groupPos;
            neg += groupNeg;
            i = end;
        }
        return pos == 0 || neg == 0 ? Double.NaN : pairs / ((double) pos * neg);
    }

    /**
     * Average precision: {@code sum_n (R_n - R_{n-1}) * P_n} over the distinct score thresholds,
     * highest first. {@code NaN} when there is no fraud.
     */
    public static double prAuc(double[] scores, boolean[] y) {
        requireSameLength(scores, y);
        final int[] order = descending(scores);
        final long positives = IntStream.range(0, y.length).filter(k -> y[k]).count();
        if (positives == 0) {
            return Double.NaN;
        }
        long tp = 0;
        double ap = 0.0;
        double prevRecall = 0.0;
        int i = 0;
        while (i < order.length) {
            final int end = tieEnd(scores, order, i);
            for (int k = i; k < end; k++) {
                tp += y[order[k]] ? 1 : 0;
            }
            final double recall = (double) tp / positives;
            ap += (recall - prevRecall) * ((double) tp / end);
            prevRecall = recall;
            i = end;
        }
        return ap;
    }

    /**
     * The smallest threshold that alerts on at most {@code ceil(budget * n)} of {@code scores}
     * ({@code score >= threshold}). It is one of the scores, unless even the highest score is too
     * frequent (ties) or the budget allows no alert: then it is just above the highest score.
     *
     * @param budget the share of events that may alert, in [0, 1]
     */
    public static double thresholdForBudget(double[] scores, double budget) {
        if (!(budget >= 0.0 && budget <= 1.0)) {
            throw new IllegalArgumentException("budget must be in [0, 1], was " + budget);
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("no scores to choose a threshold from");
        }
        requireNoNaN(scores);
        final double[] sorted = scores.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        // decimal arithmetic: 0.005 * 200000 is 1000, not the 1000.0000000000001 of doubles
        final long allowed = BigDecimal.valueOf(budget).multiply(BigDecimal.valueOf(n))
                .setScale(0, RoundingMode.CEILING).longValueExact();
        if (allowed >= n) {
            return sorted[0];
        }
        int k = (int) (n - allowed); // sorted[k..n-1] are the `allowed` highest scores; k >= 1
        if (k < n && sorted[k] == sorted[k - 1]) {
            k = upperBound(sorted, sorted[k]); // ties below the cut would alert too: cut above them
        }
        return k >= n ? Math.nextUp(sorted[n - 1]) : sorted[k];
    }

    /** {@code {precision, recall}} of alerting on {@code score >= threshold}; 0 where undefined. */
    public static double[] precisionRecallAt(double[] scores, boolean[] y, double threshold) {
        requireSameLength(scores, y);
        long alerts = 0;
        long tp = 0;
        long positives = 0;
        for (int i = 0; i < scores.length; i++) {
            final boolean alert = scores[i] >= threshold;
            alerts += alert ? 1 : 0;
            tp += alert && y[i] ? 1 : 0;
            positives += y[i] ? 1 : 0;
        }
        return new double[] {
            alerts == 0 ? 0.0 : (double) tp / alerts,
            positives == 0 ? 0.0 : (double) tp / positives};
    }

    /** Number of {@code scores} at or above {@code threshold}. */
    public static long countAtOrAbove(double[] scores, double threshold) {
        return Arrays.stream(scores).filter(s -> s >= threshold).count();
    }

    private static int upperBound(double[] sorted, double v) {
        int k = Arrays.binarySearch(sorted, v);
        while (k < sorted.length && sorted[k] == v) {
            k++;
        }
        return k;
    }

    private static int tieEnd(double[] scores, int[] order, int start) {
        int end = start + 1;
        while (end < order.length && scores[order[end]] == scores[order[start]]) {
            end++;
        }
        return end;
    }

    private static void requireNoNaN(double[] scores) {
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("scores[" + i + "] is NaN");
            }
        }
    }

    private static int[] descending(double[] scores) {
        requireNoNaN(scores);
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
                .mapToInt(Integer::intValue).toArray();
    }

    private static void requireSameLength(double[] scores, boolean[] y) {
        if (scores.length != y.length) {
            throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " vs "
                    + y.length);
        }
    }
}
