package org.fraudstream.model;

import java.util.Arrays;

/**
 * A logistic model over standardized features:
 * {@code p = sigmoid(bias + sum_i weights[i] * (x[i] - mean[i]) / scale[i])}.
 *
 * <p>The weights live in the standardized space and the standardization travels with them, so an
 * online learner can continue SGD from exactly these numbers. Instances are immutable: the arrays
 * are copied in and out.
 */
public record LogisticModel(double[] weights, double bias, double[] mean, double[] scale) {

    public LogisticModel {
        if (weights == null || mean == null || scale == null) {
            throw new IllegalArgumentException("weights, mean and scale are required");
        }
        if (weights.length == 0 || mean.length != weights.length || scale.length != weights.length) {
            throw new IllegalArgumentException("weights, mean and scale must have the same non-zero length, were "
                    + weights.length + ", " + mean.length + ", " + scale.length);
        }
        requireFinite("weights", weights);
        requireFinite("mean", mean);
        requireFinite("scale", scale);
        if (!Double.isFinite(bias)) {
            throw new NonFiniteValueException("bias must be finite, was " + bias);
        }
        for (int i = 0; i < scale.length; i++) {
            if (scale[i] <= 0.0) {
                throw new IllegalArgumentException("scale[" + i + "] must be > 0, was " + scale[i]);
            }
        }
        weights = weights.clone();
        mean = mean.clone();
        scale = scale.clone();
    }

    /** Number of features. */
    public int size() {
        return weights.length;
    }

    /** The log-odds of {@code features}. */
    public double logit(double[] features) {
        requireLength(features);
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * ((features[i] - mean[i]) / scale[i]);
        }
        return z;
    }

    /** The probability of fraud for {@code features} (in FEATURES_V1 order). */
    public double probability(double[] features) {
        return sigmoid(logit(features));
    }

    /** How much feature {@code i} of {@code features} adds to the log-odds: {@code weights[i] * z[i]}. */
    public double contribution(double[] features, int i) {
        return weights[i] * ((features[i] - mean[i]) / scale[i]);
    }

    /** Numerically stable logistic function. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        final double e = Math.exp(z);
        return e / (1.0 + e);
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogisticModel m && Double.compare(bias, m.bias) == 0
                && Arrays.equals(weights, m.weights) && Arrays.equals(mean, m.mean) && Arrays.equals(scale, m.scale);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Double.hashCode(bias) + Arrays.hashCode(weights)) + Arrays.hashCode(mean))
                + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "LogisticModel[weights=" + Arrays.toString(weights) + ", bias=" + bias + ", mean="
                + Arrays.toString(mean) + ", scale=" + Arrays.toString(scale) + "]";
    }

    void requireLength(double[] features) {
        if (features.length != weights.length) {
            throw new IllegalArgumentException("expected " + weights.length + " features, got " + features.length);
        }
    }

    private static void requireFinite(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new NonFiniteValueException(name + "[" + i + "] must be finite, was " + values[i]);
            }
        }
    }
}
