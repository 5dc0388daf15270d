package org.fraudstream.trainer.inspect;

import static org.fraudstream.trainer.inspect.Severity.ERROR;
import static org.fraudstream.trainer.inspect.Severity.WARNING;

import java.util.Locale;

/**
 * What {@code validate} finds in a PaySim CSV, each with its severity. The errors are what the
 * suite's CSV reader refuses; the wire form (text and JSON) is the lower-case name.
 */
enum ProblemCode {
    EMPTY_FILE(ERROR),
    MISSING_COLUMN(ERROR),
    UNKNOWN_COLUMN(ERROR),
    DUPLICATE_COLUMN(ERROR),
    COLUMN_ORDER(ERROR),
    FIELD_COUNT(ERROR),
    TRUNCATED_LINE(ERROR),
    TRUNCATED_FILE(ERROR),
    CORRUPT_GZIP(ERROR),
    LINE_TOO_LONG(ERROR),
    BAD_ENCODING(ERROR),
    BAD_STEP(ERROR),
    NEGATIVE_STEP(ERROR),
    UNKNOWN_TYPE(ERROR),
    BAD_NUMBER(ERROR),
    NOT_FINITE(ERROR),
    NEGATIVE_AMOUNT(ERROR),
    EMPTY_ID(ERROR),
    BAD_LABEL(ERROR),
    /** PaySim simulates overdrafts: negative balances are data, counted so they are not a surprise. */
    NEGATIVE_BALANCE(WARNING),
    STEP_BACKWARDS(WARNING),
    /** PaySim's fraud is a TRANSFER to a mule and the mule's CASH_OUT; fraud elsewhere is suspicious. */
    UNEXPECTED_FRAUD_TYPE(WARNING),
    EMPTY_LINE(WARNING),
    NO_ROWS(WARNING);

    private final Severity severity;

    ProblemCode(Severity severity) {
        this.severity = severity;
    }

    Severity severity() {
        return severity;
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
