package org.fraudstream.feedback.internal;

/**
 * Every error the API answers with: a stable code (the {@code error} field of the JSON body) and its
 * HTTP status. Codes are added, never renamed or reused; openapi.json lists the same set.
 */
public enum ErrorCode {
    /** The body is not one strict UTF-8 JSON object (syntax, duplicate keys, trailing data, not an object). */
    MALFORMED_JSON(400),
    /** A required field is absent. */
    MISSING_FIELD(400),
    /** A field has the wrong type or is out of range. */
    INVALID_FIELD(400),
    /** A field that feedback_v1 does not have. */
    UNKNOWN_FIELD(400),
    /** {@code label} is a string but neither FRAUD nor LEGIT. */
    UNKNOWN_LABEL(400),
    /** A query parameter is not valid (e.g. {@code limit}). */
    INVALID_PARAMETER(400),
    /** No {@code X-API-Key}, or not a known one. */
    UNAUTHORIZED(401),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    /** The body is larger than 64 KiB. */
    PAYLOAD_TOO_LARGE(413),
    /** The body is not {@code application/json} (UTF-8). */
    UNSUPPORTED_MEDIA_TYPE(415),
    /**
     * More labels are waiting for the broker's acknowledgement than the API holds
     * (FRAUD_FEEDBACK_MAX_IN_FLIGHT); nothing was accepted. Retry after {@code Retry-After} seconds.
     */
    TOO_MANY_REQUESTS(429),
    /** A bug: the service log has the details. */
    INTERNAL_ERROR(500),
    /** The broker did not acknowledge the label in time; nothing is known to be written. Retry later. */
    BROKER_UNAVAILABLE(503),
    /** The scoring app's metrics (behind {@code GET /console/figures}) cannot be read now. Retry later. */
    SCORING_UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
