package org.fraudstream.feedback.internal;

import java.util.Objects;

/**
 * A request that ends in an error response. Thrown by handlers and validators; turned into the JSON
 * error body in one place ({@link ErrorMapping}). Carries no stack trace: it is an answer, not a bug.
 */
public final class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    public ApiException(ErrorCode code, String message, String field) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
    }

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** The field or parameter at fault, or {@code null}. */
    public String field() {
        return field;
    }
}
