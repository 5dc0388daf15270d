package org.fraudstream.model;

import java.util.List;

/**
 * Parameters of {@link AutoencoderTrainer}.
 *
 * @param hiddenSizes         widths of the hidden layers, e.g. {@code [16, 8, 16]}; empty means one
 *                            bottleneck of {@link #defaultBottleneck(int)} units
 * @param epochs              passes over the training rows
 * @param batchSize           rows per Adam step
 * @param learningRate        Adam's step size
 * @param maxRows             rows kept (a seeded sample) when given more; bounds time and memory
 * @param validationFraction  share of the kept rows held out to set the error threshold, in [0, 0.5];
 *                            0 sets it on the training rows
 * @param seed                seed of the sample, the initial weights and the shuffles
 */
public record AutoencoderParams(List<Integer> hiddenSizes, int epochs, int batchSize, double learningRate,
        int maxRows, double validationFraction, long seed) {

    public static final int DEFAULT_MAX_ROWS = 200_000;

    public AutoencoderParams {
        hiddenSizes = hiddenSizes == null ? List.of() : List.copyOf(hiddenSizes);
        for (int i = 0; i < hiddenSizes.size(); i++) {
            if (hiddenSizes.get(i) < 1) {
                throw new IllegalArgumentException("hiddenSizes[" + i + "] must be >= 1, was " + hiddenSizes.get(i));
            }
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (!(learningRate > 0.0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, was " + learningRate);
        }
        if (maxRows < 2) {
            throw new IllegalArgumentException("maxRows must be >= 2, was " + maxRows);
        }
        if (!(validationFraction >= 0.0 && validationFraction <= 0.5)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 0.5], was " + validationFraction);
        }
    }

    /**
     * The defaults: one bottleneck layer, 5 epochs of batches of 64 at learning rate 0.003, at most
     * {@value #DEFAULT_MAX_ROWS} rows, a tenth of them held out for the threshold.
     */
    public static AutoencoderParams defaults(long seed) {
        return new AutoencoderParams(List.of(), 5, 64, 0.003, DEFAULT_MAX_ROWS, 0.1, seed);
    }

    public AutoencoderParams withHiddenSizes(List<Integer> sizes) {
        return new AutoencoderParams(sizes, epochs, batchSize, learningRate, maxRows, validationFraction, seed);
    }

    public AutoencoderParams withEpochs(int n) {
        return new AutoencoderParams(hiddenSizes, n, batchSize, learningRate, maxRows, validationFraction, seed);
    }

    public AutoencoderParams withMaxRows(int n) {
        return new AutoencoderParams(hiddenSizes, epochs, batchSize, learningRate, n, validationFraction, seed);
    }

    public AutoencoderParams withSeed(long newSeed) {
        return new AutoencoderParams(hiddenSizes, epochs, batchSize, learningRate, maxRows, validationFraction,
                newSeed);
    }

    /**
     * Units of the default bottleneck for {@code inputs} features: half of them, at least 4, but
     * fewer than the inputs so that the network cannot learn the identity.
     */
    public static int defaultBottleneck(int inputs) {
        return Math.max(1, Math.min(inputs - 1, Math.max(4, (inputs + 1) / 2)));
    }

    /** The hidden layer widths for {@code inputs} features. */
    public List<Integer> hiddenSizesFor(int inputs) {
        return hiddenSizes.isEmpty() ? List.of(defaultBottleneck(inputs)) : hiddenSizes;
    }
}
