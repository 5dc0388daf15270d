package org.fraudstream.model;

/** A model bundle could not be loaded; the message names the file and the problem. */
public final class ModelLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
