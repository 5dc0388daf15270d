package org.fraudstream.model;

/**
 * Parameters of {@link SgdTrainer}.
 *
 * @param epochs          passes over the training data
 * @param learningRate    AdaGrad's initial learning rate
 * @param minibatchSize   examples per update (1 = plain SGD)
 * @param seed            seed of the per-epoch shuffle; the same seed gives the same weights
 * @param positiveWeight  weight of a fraud example relative to a legit one; {@code <= 0} means
 *                        automatic: legit/fraud count ratio, capped at {@value #MAX_AUTO_POSITIVE_WEIGHT}
 */
public record SgdParams(int epochs, double learningRate, int minibatchSize, long seed, double positiveWeight) {

    public static final double MAX_AUTO_POSITIVE_WEIGHT = 100.0;

    public SgdParams {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
        }
        if (!(learningRate > 0.0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, was " + learningRate);
        }
        if (minibatchSize < 1) {
            throw new IllegalArgumentException("minibatchSize must be >= 1, was " + minibatchSize);
        }
        if (Double.isNaN(positiveWeight) || Double.isInfinite(positiveWeight)) {
            throw new IllegalArgumentException("positiveWeight must be finite, was " + positiveWeight);
        }
    }

    /** The defaults: 5 epochs, learning rate 0.1, minibatch 1, automatic class weight. */
    public static SgdParams defaults(long seed) {
        return new SgdParams(5, 0.1, 1, seed, 0.0);
    }

    public SgdParams withEpochs(int newEpochs) {
        return new SgdParams(newEpochs, learningRate, minibatchSize, seed, positiveWeight);
    }

    public SgdParams withSeed(long newSeed) {
        return new SgdParams(epochs, learningRate, minibatchSize, newSeed, positiveWeight);
    }
}
