package org.fraudstream.updater;

/**
 * Parameters of {@link OnlineSgd}.
 *
 * @param learningRate      step size of each gradient step (plain SGD, constant)
 * @param l2                weight decay toward 0 per step ({@code w -= lr * l2 * w}); the bias is not decayed
 * @param epochs            passes over each mini-batch (1: every label is seen once)
 * @param stepSize          labels per gradient step within a mini-batch
 * @param positiveWeight    weight of a fraud label relative to a legit one; {@code <= 0} means automatic:
 *                          the batch's legit/fraud ratio, between 1 and {@code maxPositiveWeight}
 * @param maxPositiveWeight cap of the automatic positive weight
 */
public record OnlineSgdParams(double learningRate, double l2, int epochs, int stepSize, double positiveWeight,
                              double maxPositiveWeight) {

    public static final double DEFAULT_LEARNING_RATE = 0.05;
    public static final double DEFAULT_L2 = 1e-4;
    public static final int DEFAULT_STEP_SIZE = 32;
    /** The same cap the offline trainer uses (SgdParams.MAX_AUTO_POSITIVE_WEIGHT), so updates keep its calibration. */
    public static final double DEFAULT_MAX_POSITIVE_WEIGHT = 100.0;

    public OnlineSgdParams {
        require(learningRate > 0.0 && Double.isFinite(learningRate), "FRAUD_UPDATER_LEARNING_RATE",
                "must be finite and > 0, was " + learningRate);
        require(l2 >= 0.0 && Double.isFinite(l2), "FRAUD_UPDATER_L2", "must be finite and >= 0, was " + l2);
        require(learningRate * l2 < 1.0, "FRAUD_UPDATER_L2", "times the learning rate must be < 1 (it would flip "
                + "the weights' signs), was " + learningRate * l2);
        require(epochs >= 1, "FRAUD_UPDATER_EPOCHS", "must be >= 1, was " + epochs);
        require(stepSize >= 1, "FRAUD_UPDATER_STEP_SIZE", "must be >= 1, was " + stepSize);
        require(Double.isFinite(positiveWeight), "FRAUD_UPDATER_POSITIVE_WEIGHT",
                "must be finite, was " + positiveWeight);
        require(maxPositiveWeight >= 1.0 && Double.isFinite(maxPositiveWeight), "FRAUD_UPDATER_MAX_POSITIVE_WEIGHT",
                "must be finite and >= 1, was " + maxPositiveWeight);
    }

    /** Learning rate 0.05, L2 1e-4, one epoch, 32 labels per step, automatic positive weight capped at 100. */
    public static OnlineSgdParams defaults() {
        return new OnlineSgdParams(DEFAULT_LEARNING_RATE, DEFAULT_L2, 1, DEFAULT_STEP_SIZE, 0.0,
                DEFAULT_MAX_POSITIVE_WEIGHT);
    }

    public OnlineSgdParams withLearningRate(double lr) {
        return new OnlineSgdParams(lr, l2, epochs, stepSize, positiveWeight, maxPositiveWeight);
    }

    public OnlineSgdParams withEpochs(int n) {
        return new OnlineSgdParams(learningRate, l2, n, stepSize, positiveWeight, maxPositiveWeight);
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException(key + " " + message);
        }
    }
}
