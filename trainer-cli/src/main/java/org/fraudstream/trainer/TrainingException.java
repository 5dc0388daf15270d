package org.fraudstream.trainer;

/** The input cannot train a model (e.g. no fraud before the split, a single step); says why. */
public final class TrainingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }
}
