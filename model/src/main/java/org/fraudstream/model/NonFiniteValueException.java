package org.fraudstream.model;

/**
 * A model's number is NaN or infinite: a poisoned model, told apart from other invalid input so that
 * consumers can count it apart ({@code model_updates_rejected_total{reason="non_finite"}}).
 */
public final class NonFiniteValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NonFiniteValueException(String message) {
        super(message);
    }

    public NonFiniteValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
