package org.fraudstream.updater;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.fraudstream.model.LogisticModel;

/**
 * Mini-batch partial fit of a {@link LogisticModel}: continues plain SGD on the class-weighted
 * log-loss from the given model's weights and bias. Pure and deterministic: the same model and
 * labels in the same order give the same bits; nothing is shuffled, nothing is shared.
 *
 * <ul>
 *   <li>The standardization (mean, scale) stays as training fixed it: the weights live in that space,
 *       and moving it would change what every weight means.</li>
 *   <li>Frozen features (those the bundle's manifest lists as excluded; their weight is 0) keep their
 *       weight exactly: they get no gradient step and no decay.</li>
 *   <li>Each step averages the gradient over {@link OnlineSgdParams#stepSize()} labels, weighted:
 *       a fraud label counts {@code positiveWeight} times (fixed, or the batch's legit/fraud ratio capped
 *       at {@link OnlineSgdParams#maxPositiveWeight()}, as offline training does).</li>
 *   <li>Single-class guard: a batch of one class only is not fitted ({@link Skipped}). With the automatic
 *       class weight it has no ratio, and a step on one class only moves the bias toward it. The caller
 *       keeps such labels and fits them with the next batch (the updater does; see TrainerProcessor),
 *       rather than mixing in replayed old labels, which would count those twice.</li>
 * </ul>
 *
 * <p>Cost: one pass of {@code 2d} multiply-adds, one {@code exp} and one {@code log1p} per label and
 * epoch; no allocation per label (docs/BENCHMARKS.md, "Online update throughput").
 */
public final class OnlineSgd {

    private final OnlineSgdParams params;
    private final int[] frozen;

    /**
     * @param frozenFeatures indices of features whose weight must not change (see {@link #frozenIndices})
     */
    public OnlineSgd(OnlineSgdParams params, int[] frozenFeatures) {
        this.params = Objects.requireNonNull(params, "params");
        this.frozen = frozenFeatures == null ? new int[0] : frozenFeatures.clone();
        for (int i : frozen) {
            if (i < 0) {
                throw new IllegalArgumentException("frozen feature index " + i + " is negative");
            }
        }
    }

    /** Indices in {@code featureNames} of the {@code excluded} names (the manifest's excludedFeatures). */
    public static int[] frozenIndices(List<String> featureNames, List<String> excluded) {
        return excluded.stream().mapToInt(name -> {
            final int i = featureNames.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("excluded feature " + name + " is not one of " + featureNames);
            }
            return i;
        }).sorted().toArray();
    }

    public OnlineSgdParams params() {
        return params;
    }

    /** What a partial fit did. */
    public sealed interface FitResult permits Fitted, Skipped { }

    /**
     * A fitted model.
     *
     * @param labels         labels used
     * @param frauds         fraud labels among them
     * @param positiveWeight the weight a fraud label had
     * @param meanLoss       the weighted mean log-loss of the labels, each taken just before the step
     *                       that used it (a progressive, not a held-out, loss)
     */
    public record Fitted(LogisticModel model, int labels, int frauds, double positiveWeight, double meanLoss)
            implements FitResult { }

    /** Nothing was fitted; the reason says why (e.g. {@code "single class: 256 legit, 0 fraud"}). */
    public record Skipped(Cause cause, String reason) implements FitResult { }

    /** Why a batch was not fitted. */
    public enum Cause { EMPTY, SINGLE_CLASS, DIVERGED }

    /** {@link #partialFit(LogisticModel, double[][], boolean[], int)} over all of {@code x}. */
    public FitResult partialFit(LogisticModel start, double[][] x, boolean[] y) {
        return partialFit(start, x, y, x.length);
    }

    /**
     * Continues training {@code start} on the first {@code n} rows of {@code x} (features in the
     * model's order, raw, not standardized) with labels {@code y} ({@code true} = fraud), in order.
     */
    public FitResult partialFit(LogisticModel start, double[][] x, boolean[] y, int n) {
        Objects.requireNonNull(start, "start");
        if (n < 0 || n > x.length || n > y.length) {
            throw new IllegalArgumentException("n = " + n + " outside the " + x.length + " rows and " + y.length
                    + " labels given");
        }
        if (n == 0) {
            return new Skipped(Cause.EMPTY, "empty batch");
        }
        int frauds = 0;
        for (int r = 0; r < n; r++) {
            frauds += y[r] ? 1 : 0;
        }
        if (frauds == 0 || frauds == n) {
            return new Skipped(Cause.SINGLE_CLASS, "single class: " + (n - frauds) + " legit, " + frauds + " fraud");
        }
        final double pw = params.positiveWeight() > 0.0 ? params.positiveWeight()
                : Math.max(1.0, Math.min(params.maxPositiveWeight(), (double) (n - frauds) / frauds));
        final double[] w = start.weights();
        final double[] mean = start.mean();
        final double[] inv = start.scale();
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1.0 / inv[i];
        }
        final boolean[] learn = learnable(w.length);
        final Step s = new Step(w, start.bias(), mean, inv, learn);
        for (int epoch = 0; epoch < params.epochs(); epoch++) {
            for (int from = 0; from < n; from += params.stepSize()) {
                s.run(x, y, from, Math.min(n, from + params.stepSize()), pw, params);
            }
        }
        boolean finite = Double.isFinite(s.bias);
        for (double v : w) {
            finite &= Double.isFinite(v);
        }
        if (!finite) {
            return new Skipped(Cause.DIVERGED, "the weights diverged (learning rate " + params.learningRate()
                    + " too high?)");
        }
        return new Fitted(new LogisticModel(w, s.bias, start.mean(), start.scale()), n, frauds, pw,
                s.lossSum / s.weightSum);
    }

    private boolean[] learnable(int d) {
        final boolean[] learn = new boolean[d];
        Arrays.fill(learn, true);
        for (int i : frozen) {
            if (i >= d) {
                throw new IllegalArgumentException("frozen feature index " + i + " is outside the model's " + d
                        + " features");
            }
            learn[i] = false;
        }
        return learn;
    }

    /** The state of one partial fit: weights (updated in place), bias, scratch arrays and loss sums. */
    private static final class Step {
        private final double[] w;
        private final double[] mean;
        private final double[] inv;
        private final boolean[] learn;
        private final double[] grad;
        private final double[] z;
        private double bias;
        private double lossSum;
        private double weightSum;

        Step(double[] w, double bias, double[] mean, double[] inv, boolean[] learn) {
            this.w = w;
            this.bias = bias;
            this.mean = mean;
            this.inv = inv;
            this.learn = learn;
            this.grad = new double[w.length];
            this.z = new double[w.length];
        }

        /** One gradient step over rows {@code [from, to)}, each row's loss taken before the step. */
        void run(double[][] x, boolean[] y, int from, int to, double pw, OnlineSgdParams params) {
            final int d = w.length;
            Arrays.fill(grad, 0.0);
            double gradBias = 0.0;
            double stepWeight = 0.0;
            for (int r = from; r < to; r++) {
                final double[] row = x[r];
                if (row.length != d) {
                    throw new IllegalArgumentException("row " + r + " has " + row.length + " features, the model " + d);
                }
                double logit = bias;
                for (int i = 0; i < d; i++) {
                    z[i] = (row[i] - mean[i]) * inv[i];
                    logit += w[i] * z[i];
                }
                // p and the loss from one exp: e = exp(-|logit|)
                final double e = Math.exp(-Math.abs(logit));
                final double p = logit >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
                final double c = y[r] ? pw : 1.0;
                lossSum += c * (Math.log1p(e) + (y[r] ? Math.max(-logit, 0.0) : Math.max(logit, 0.0)));
                stepWeight += c;
                final double err = c * (p - (y[r] ? 1.0 : 0.0));
                gradBias += err;
                for (int i = 0; i < d; i++) {
                    grad[i] += err * z[i];
                }
            }
            weightSum += stepWeight;
            final double lr = params.learningRate();
            for (int i = 0; i < d; i++) {
                if (learn[i]) {
                    w[i] -= lr * (grad[i] / stepWeight + params.l2() * w[i]);
                }
            }
            bias -= lr * gradBias / stepWeight;
        }
    }
}
