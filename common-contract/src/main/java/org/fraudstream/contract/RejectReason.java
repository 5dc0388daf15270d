package org.fraudstream.contract;

/**
 * Why a raw event was rejected to the DLQ. The names are a stable wire contract (dlq_v1): add
 * new codes, never rename or reuse one.
 */
public enum RejectReason {
    /** Zero bytes, or only white space. */
    EMPTY_PAYLOAD,
    /** Larger than the configured maximum payload size. */
    OVERSIZE,
    /** Not UTF-8 text, or not parseable as JSON. */
    NOT_JSON,
    /** JSON, but not an object at the top level. */
    NOT_OBJECT,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type (e.g. a string where a number belongs). */
    WRONG_TYPE,
    /** A field that event_v1 does not define. */
    UNKNOWN_FIELD,
    /** {@code type} is not one of the PaySim transaction types. */
    UNKNOWN_TYPE,
    /** Amount is NaN, infinite or negative. */
    INVALID_AMOUNT,
    /** A balance is NaN or infinite. */
    INVALID_BALANCE,
    /** Step is negative or not an integer in range. */
    INVALID_STEP,
    /** Event time is negative or not an integer in range. */
    INVALID_EVENT_TIME,
    /** An id is blank or longer than allowed. */
    INVALID_ID,
    /** The event parsed, but scoring it failed unexpectedly (a bug or a bad model); the detail names the error. */
    PROCESSING_ERROR
}
