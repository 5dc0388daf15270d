package org.fraudstream.model;

/**
 * Scores one FEATURES_V1 vector. Called once per event on the streaming hot path, so
 * implementations are immutable, thread-safe and allocate little beyond the returned {@link Score}.
 */
public interface Scorer {

    /**
     * @param features the vector in {@link org.fraudstream.contract.FeaturesV1#NAMES} order
     * @throws IllegalArgumentException when the vector has the wrong length
     */
    Score score(double[] features);

    /** The version of the model that produced the scores (recorded with every scored event). */
    String modelVersion();

    /** An event is an anomaly when its score is {@code >=} this threshold. */
    double threshold();
}
