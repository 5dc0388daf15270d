package org.fraudstream.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON form of a trained dense autoencoder ({@value #FORMAT}). The network sees the features
 * not in {@code excluded}, in order, standardized with {@code mean} and {@code scale}; every layer
 * but the last applies tanh, the last is linear and rebuilds the standardized input. Scoring is
 * done by {@link Autoencoder}, built from a model.
 *
 * <p>The constructor checks everything scoring relies on (lengths, layer shapes that chain from
 * and back to the used features, finite numbers, positive scales and threshold) and says what is
 * wrong where.
 *
 * @param format        always {@value #FORMAT}
 * @param featureNames  the order of the vectors the model scores
 * @param excluded      indices of features the network ignores (may be empty)
 * @param mean          per feature (all of them), the training mean
 * @param scale         per feature, the training standard deviation (1 where constant)
 * @param layers        encoder and decoder layers, input first
 * @param threshold     reconstruction error that maps to score 0.5, e.g. the p99 on validation rows
 * @param trainingLoss  mean training error per epoch, for the record (may be empty)
 */
public record AutoencoderModel(String format, List<String> featureNames, int[] excluded, double[] mean,
        double[] scale, List<Layer> layers, double threshold, double[] trainingLoss) {

    public static final String FORMAT = "autoencoder-v1";

    public AutoencoderModel {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format is " + format + ", expected " + FORMAT);
        }
        featureNames = Checks.featureNames(featureNames);
        final int d = featureNames.size();
        excluded = excluded == null ? new int[0] : excluded.clone();
        final int used = (int) countTrue(Checks.included(d, excluded));
        if (used != d - excluded.length) {
            throw new IllegalArgumentException("excluded " + Arrays.toString(excluded) + " repeats an index");
        }
        mean = checkPerFeature("mean", mean, d);
        scale = checkPerFeature("scale", scale, d);
        for (int i = 0; i < d; i++) {
            if (scale[i] <= 0.0) {
                throw new IllegalArgumentException("scale[" + i + "] must be > 0, was " + scale[i]);
            }
        }
        layers = List.copyOf(Checks.required("layers", layers));
        checkLayers(layers, used);
        if (!(threshold > 0.0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite and > 0, was " + threshold);
        }
        trainingLoss = trainingLoss == null ? new double[0] : trainingLoss.clone();
        Checks.requireFinite("trainingLoss", trainingLoss);
    }

    public static AutoencoderModel read(Path file) throws ModelLoadException {
        return JsonFiles.read(file, AutoencoderModel.class);
    }

    public void write(Path file) throws IOException {
        JsonFiles.write(file, this);
    }

    /** This model with another error threshold, e.g. the p99 of errors on other validation rows. */
    public AutoencoderModel withThreshold(double newThreshold) {
        return new AutoencoderModel(format, featureNames, excluded, mean, scale, layers, newThreshold, trainingLoss);
    }

    /** Number of features of the vectors scored. */
    public int size() {
        return featureNames.size();
    }

    private static double[] checkPerFeature(String name, double[] values, int d) {
        Checks.required(name, values);
        if (values.length != d) {
            throw new IllegalArgumentException(name + " has " + values.length + " values, expected " + d
                    + " (one per feature name)");
        }
        Checks.requireFinite(name, values);
        return values.clone();
    }

    private static void checkLayers(List<Layer> layers, int used) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("layers must not be empty");
        }
        int width = used;
        for (int l = 0; l < layers.size(); l++) {
            final Layer layer = Checks.required("layers[" + l + "]", layers.get(l));
            final String name = "layers[" + l + "]";
            if (layer.inputs() != width) {
                throw new IllegalArgumentException(name + " has " + layer.inputs() + " inputs, expected " + width
                        + (l == 0 ? " (the features not excluded)" : " (the outputs of the layer before)"));
            }
            layer.check(name);
            width = layer.outputs();
        }
        if (width != used) {
            throw new IllegalArgumentException("the last layer has " + width + " outputs, expected " + used
                    + " (it rebuilds the features not excluded)");
        }
    }

    private static long countTrue(boolean[] values) {
        long n = 0;
        for (boolean b : values) {
            n += b ? 1 : 0;
        }
        return n;
    }

    @Override
    public int[] excluded() {
        return excluded.clone();
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
    public double[] trainingLoss() {
        return trainingLoss.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AutoencoderModel m && featureNames.equals(m.featureNames)
                && Arrays.equals(excluded, m.excluded) && Arrays.equals(mean, m.mean) && Arrays.equals(scale, m.scale)
                && layers.equals(m.layers) && Double.compare(threshold, m.threshold) == 0
                && Arrays.equals(trainingLoss, m.trainingLoss);
    }

    @Override
    public int hashCode() {
        int h = featureNames.hashCode();
        h = 31 * h + Arrays.hashCode(excluded);
        h = 31 * h + Arrays.hashCode(mean);
        h = 31 * h + Arrays.hashCode(scale);
        h = 31 * h + layers.hashCode();
        h = 31 * h + Double.hashCode(threshold);
        return 31 * h + Arrays.hashCode(trainingLoss);
    }

    @Override
    public String toString() {
        return "AutoencoderModel[features=" + featureNames + ", excluded=" + Arrays.toString(excluded) + ", layers="
                + layers + ", threshold=" + threshold + "]";
    }

    /**
     * One dense layer: {@code out = act(weights . in + bias)}.
     *
     * @param weights  {@code outputs x inputs}, row-major: the weights into output 0 come first
     */
    public record Layer(int inputs, int outputs, double[] weights, double[] bias) {

        public Layer {
            weights = weights == null ? null : weights.clone();
            bias = bias == null ? null : bias.clone();
        }

        void check(String name) {
            if (inputs < 1 || outputs < 1) {
                throw new IllegalArgumentException(name + " must have >= 1 inputs and outputs, had " + inputs + " and "
                        + outputs);
            }
            Checks.required(name + ".weights", weights);
            Checks.required(name + ".bias", bias);
            if (weights.length != (long) inputs * outputs) {
                throw new IllegalArgumentException(name + ".weights has " + weights.length + " values, expected "
                        + inputs + " x " + outputs + " = " + (long) inputs * outputs);
            }
            if (bias.length != outputs) {
                throw new IllegalArgumentException(name + ".bias has " + bias.length + " values, expected " + outputs);
            }
            Checks.requireFinite(name + ".weights", weights);
            Checks.requireFinite(name + ".bias", bias);
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }

        @Override
        public double[] bias() {
            return bias.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Layer l && inputs == l.inputs && outputs == l.outputs
                    && Arrays.equals(weights, l.weights) && Arrays.equals(bias, l.bias);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * inputs + outputs) + Arrays.hashCode(weights)) + Arrays.hashCode(bias);
        }

        @Override
        public String toString() {
            return inputs + "->" + outputs;
        }
    }
}
