package org.fraudstream.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import org.fraudstream.contract.RejectReason;
import org.fraudstream.ingest.internal.EventReader;
import org.fraudstream.ingest.internal.Utf8;

/**
 * Raw record values (event_v1 bytes) in, {@link ParseResult}s out: the one gate between the wire and
 * {@link org.fraudstream.contract.TransactionEvent}. Immutable and thread-safe; {@link #parse} never
 * throws, whatever the input.
 *
 * <p>Rules, in the order they are checked:
 * <ol>
 *   <li>{@code null}, zero bytes or only JSON white space: {@link RejectReason#EMPTY_PAYLOAD};
 *       more than the maximum bytes: {@link RejectReason#OVERSIZE} (before any parsing).</li>
 *   <li>Not well-formed UTF-8 (including overlong forms, surrogates, UTF-16/32 text and raw NUL
 *       bytes), a JSON syntax error anywhere, trailing content after the value, nesting beyond
 *       Jackson's {@code StreamReadConstraints} (depth 1000, numbers of 1000 digits), or a duplicate key:
 *       {@link RejectReason#NOT_JSON}. Duplicate keys are rejected rather than resolved because
 *       JSON parsers disagree on which value wins (RFC 8259 section 4, I-JSON).</li>
 *   <li>A top-level value that is not an object: {@link RejectReason#NOT_OBJECT}.</li>
 *   <li>Field errors, the first in document order: UNKNOWN_FIELD, WRONG_TYPE (a string amount, a
 *       fractional step, a boolean number...), UNKNOWN_TYPE, INVALID_AMOUNT (NaN, infinite or
 *       negative; the NaN and Infinity tokens are read so that they land here), INVALID_BALANCE
 *       (non-finite), INVALID_STEP and INVALID_EVENT_TIME (outside [0, int max] and [0, long max]),
 *       INVALID_ID (blank in the sense of {@link String#isBlank}, or more than 128 code points),
 *       MISSING_FIELD for an explicit {@code null}.</li>
 *   <li>Then MISSING_FIELD for the first absent required field.</li>
 * </ol>
 * Integer fields accept any integral number, as JSON Schema does ({@code 5.0} is the step 5). The
 * label columns {@code isFraud} and {@code isFlaggedFraud} (0, 1, true or false) are accepted and
 * dropped. An {@link ParseResult.Invalid} carries the transactionId whenever a well-formed one was
 * read, even when the error comes after it. The rules agree with {@code /schemas/event_v1.json}.
 */
public final class EventParser {

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
            .build();

    private final int maxPayloadBytes;

    public EventParser() {
        this(DEFAULT_MAX_PAYLOAD_BYTES);
    }

    public EventParser(int maxPayloadBytes) {
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxPayloadBytes must be >= 1, was " + maxPayloadBytes);
        }
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Parses one payload. Never throws, for any input including {@code null}. */
    public ParseResult parse(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return new ParseResult.Invalid(RejectReason.EMPTY_PAYLOAD, "payload is empty", null);
        }
        if (payload.length > maxPayloadBytes) {
            return new ParseResult.Invalid(RejectReason.OVERSIZE, "payload is " + payload.length
                    + " bytes, more than the maximum of " + maxPayloadBytes, null);
        }
        if (Utf8.isJsonWhitespaceOnly(payload)) {
            return new ParseResult.Invalid(RejectReason.EMPTY_PAYLOAD, "payload is only white space", null);
        }
        final int bad = Utf8.firstInvalid(payload);
        if (bad >= 0) {
            return new ParseResult.Invalid(RejectReason.NOT_JSON, (payload[bad] == 0 ? "raw NUL byte" : "invalid UTF-8")
                    + " at byte " + bad, null);
        }
        return new EventReader(payload).read(FACTORY);
    }
}
