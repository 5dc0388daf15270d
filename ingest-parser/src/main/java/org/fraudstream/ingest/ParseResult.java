package org.fraudstream.ingest;

import java.util.Objects;
import org.fraudstream.contract.RejectReason;
import org.fraudstream.contract.TransactionEvent;

/** What {@link EventParser} makes of one raw payload: an event, or the reason it was rejected. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Invalid {

    /** A payload that is a well-formed event_v1 object; the label columns are gone. */
    record Valid(TransactionEvent event) implements ParseResult {
        public Valid {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * A rejected payload.
     *
     * @param detail        human-readable, names the offending field
     * @param transactionId the payload's transactionId when a well-formed one could be read, else {@code null}
     */
    record Invalid(RejectReason reason, String detail, String transactionId) implements ParseResult {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
