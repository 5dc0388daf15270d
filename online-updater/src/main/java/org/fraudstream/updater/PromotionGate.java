package org.fraudstream.updater;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.fraudstream.model.LogisticModel;
import org.fraudstream.model.Metrics;
import org.fraudstream.model.ModelUpdate;

/**
 * Decides whether a candidate model may replace the current one: both are scored on the rolling
 * holdout ({@link HoldoutBuffer}: recent labels never trained on) and the candidate passes when it is
 * not worse by more than the tolerance.
 *
 * <ul>
 *   <li>{@code log_loss} (default): class-balanced log-loss, the mean of the fraud labels' and the legit
 *       labels' mean log-loss (plain mean when one class is absent). Balanced because the holdout is
 *       mostly legit and training weighs fraud up: plain log-loss would reject every update that
 *       trades a little legit calibration for catching fraud. Passes when
 *       {@code candidate <= current + tolerance}.</li>
 *   <li>{@code pr_auc}: average precision ({@link Metrics#prAuc}); passes when
 *       {@code candidate >= current - tolerance}. Undefined without both classes, so a holdout that
 *       lacks one falls back to log-loss (the verdict names the metric used).</li>
 * </ul>
 *
 * <p>Below {@code minHoldout} labels the gate has no verdict: {@link #ready} is false and the
 * updater holds its batch until the holdout has filled up that far.
 */
public final class PromotionGate {

    /**
     * @param metric     {@link ModelUpdate.Metric#LOG_LOSS} or {@link ModelUpdate.Metric#PR_AUC}
     * @param tolerance  how much worse than the current model a candidate may be, in the metric's units
     * @param minHoldout labels the holdout needs before any verdict
     */
    public record Config(ModelUpdate.Metric metric, double tolerance, int minHoldout) {

        public Config {
            Objects.requireNonNull(metric, "metric");
            if (metric == ModelUpdate.Metric.NONE) {
                throw new IllegalArgumentException("FRAUD_UPDATER_GATE_METRIC must be log_loss or pr_auc, was none");
            }
            if (!(tolerance >= 0.0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException("FRAUD_UPDATER_GATE_TOLERANCE must be finite and >= 0, was "
                        + tolerance);
            }
            if (minHoldout < 1) {
                throw new IllegalArgumentException("FRAUD_UPDATER_HOLDOUT_MIN must be >= 1, was " + minHoldout);
            }
        }

        /** log-loss, tolerance 0.001, at least 100 held-out labels. */
        public static Config defaults() {
            return new Config(ModelUpdate.Metric.LOG_LOSS, 0.001, 100);
        }
    }

    /**
     * The gate's decision and the numbers behind it.
     *
     * @param metric the metric actually used (log-loss when PR-AUC was configured but undefined)
     */
    public record Verdict(boolean accepted, ModelUpdate.Metric metric, double candidate, double current,
                          int holdoutSize, double tolerance) {

        /** The gate part of the published update. */
        public ModelUpdate.Gate toGate() {
            return new ModelUpdate.Gate(metric, candidate, current, holdoutSize);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s: candidate %.6f vs current %.6f on %d held-out labels"
                    + " (tolerance %.6f)", accepted ? "accepted" : "rejected", metric.wireName(), candidate, current,
                    holdoutSize, tolerance);
        }
    }

    private final Config config;

    public PromotionGate(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public Config config() {
        return config;
    }

    /** Whether the holdout is large enough for a verdict. */
    public boolean ready(HoldoutBuffer holdout) {
        return holdout.size() >= config.minHoldout();
    }

    /** Judges {@code candidate} against {@code current} on {@code holdout}. */
    public Verdict evaluate(LogisticModel candidate, LogisticModel current, HoldoutBuffer holdout) {
        return evaluate(candidate, current, holdout.features(), holdout.labels(), holdout.size());
    }

    /** Judges {@code candidate} against {@code current} on the first {@code n} rows of {@code x}, {@code y}. */
    public Verdict evaluate(LogisticModel candidate, LogisticModel current, double[][] x, boolean[] y, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the gate needs at least one held-out label");
        }
        final boolean bothClasses = hasBothClasses(y, n);
        if (config.metric() == ModelUpdate.Metric.PR_AUC && bothClasses) {
            final boolean[] labels = Arrays.copyOf(y, n);
            final double cand = Metrics.prAuc(scores(candidate, x, n), labels);
            final double curr = Metrics.prAuc(scores(current, x, n), labels);
            return new Verdict(cand >= curr - config.tolerance(), ModelUpdate.Metric.PR_AUC, cand, curr, n,
                    config.tolerance());
        }
        final double cand = balancedLogLoss(candidate, x, y, n);
        final double curr = balancedLogLoss(current, x, y, n);
        return new Verdict(cand <= curr + config.tolerance(), ModelUpdate.Metric.LOG_LOSS, cand, curr, n,
                config.tolerance());
    }

    /**
     * Class-balanced log-loss of {@code m} on the first {@code n} rows: the mean of the two classes'
     * mean losses, or the plain mean when only one class is present. Computed from the logit
     * (softplus), so a confident mistake costs a large finite amount, never infinity.
     */
    public static double balancedLogLoss(LogisticModel m, double[][] x, boolean[] y, int n) {
        double pos = 0.0;
        double neg = 0.0;
        int np = 0;
        for (int r = 0; r < n; r++) {
            final double z = m.logit(x[r]);
            if (y[r]) {
                pos += softplus(-z);
                np++;
            } else {
                neg += softplus(z);
            }
        }
        final int nn = n - np;
        if (np == 0 || nn == 0) {
            return (pos + neg) / n;
        }
        return 0.5 * (pos / np + neg / nn);
    }

    private static double softplus(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    private static double[] scores(LogisticModel m, double[][] x, int n) {
        final double[] s = new double[n];
        for (int r = 0; r < n; r++) {
            s[r] = m.probability(x[r]);
        }
        return s;
    }

    private static boolean hasBothClasses(boolean[] y, int n) {
        boolean pos = false;
        boolean neg = false;
        for (int r = 0; r < n; r++) {
            pos |= y[r];
            neg |= !y[r];
        }
        return pos && neg;
    }
}
