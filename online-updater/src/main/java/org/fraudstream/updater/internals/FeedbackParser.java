package org.fraudstream.updater.internals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.RejectReason;

/**
 * Reads feedback_v1, the value of a record on {@code feedback} as feedback-api publishes it:
 * <pre>{"transactionId": "...", "label": "FRAUD"|"LEGIT", "analystId": "...", "note": "...", "labeledAt": ...}</pre>
 *
 * <p>Tolerant where the updater does not depend on a field, strict where it does:
 * <ul>
 *   <li>{@code transactionId} (1-128 characters, not blank) and {@code label} (exactly {@code FRAUD} or
 *       {@code LEGIT}) are required; without them the record goes to the DLQ with a reason code.</li>
 *   <li>{@code analystId} and {@code note} are kept when they are strings and ignored otherwise;
 *       {@code labeledAt} may be an ISO-8601 instant or epoch milliseconds, and is ignored when it is
 *       neither (the record's timestamp stands in).</li>
 *   <li>Fields feedback_v1 does not define are ignored, so feedback-api may add some.</li>
 * </ul>
 */
public final class FeedbackParser {

    private static final int MAX_ID_LENGTH = 128;

    /** The outcome of reading one payload. */
    public sealed interface Result permits Valid, Invalid { }

    public record Valid(Feedback feedback) implements Result { }

    /** Not feedback_v1: why, and the transaction id when one could be read. */
    public record Invalid(RejectReason reason, String detail, String transactionId) implements Result { }

    public Result parse(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return new Invalid(RejectReason.EMPTY_PAYLOAD, "payload is empty", null);
        }
        final JsonNode json;
        try {
            final String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString();
            if (text.isBlank()) {
                return new Invalid(RejectReason.EMPTY_PAYLOAD, "payload is only white space", null);
            }
            json = JsonSerde.MAPPER.readTree(text);
        } catch (CharacterCodingException e) {
            return new Invalid(RejectReason.NOT_JSON, "payload is not UTF-8", null);
        } catch (JsonProcessingException e) {
            return new Invalid(RejectReason.NOT_JSON, "not JSON: " + e.getOriginalMessage(), null);
        }
        if (json == null || !json.isObject()) {
            return new Invalid(RejectReason.NOT_OBJECT, "feedback must be a JSON object", null);
        }
        return fields(json);
    }

    private static Result fields(JsonNode json) {
        final JsonNode id = json.get("transactionId");
        if (id == null || id.isNull()) {
            return new Invalid(RejectReason.MISSING_FIELD, "field 'transactionId' is missing", null);
        }
        if (!id.isTextual()) {
            return new Invalid(RejectReason.WRONG_TYPE, "field 'transactionId' must be a string", null);
        }
        final String txn = id.textValue();
        if (txn.isBlank() || txn.codePointCount(0, txn.length()) > MAX_ID_LENGTH) {
            return new Invalid(RejectReason.INVALID_ID, "field 'transactionId' must be 1-" + MAX_ID_LENGTH
                    + " characters, not blank", null);
        }
        final JsonNode label = json.get("label");
        if (label == null || label.isNull()) {
            return new Invalid(RejectReason.MISSING_FIELD, "field 'label' is missing", txn);
        }
        if (!label.isTextual() || !("FRAUD".equals(label.textValue()) || "LEGIT".equals(label.textValue()))) {
            return new Invalid(RejectReason.WRONG_TYPE, "field 'label' must be \"FRAUD\" or \"LEGIT\", was " + label,
                    txn);
        }
        return new Valid(new Feedback(txn, "FRAUD".equals(label.textValue()), text(json, "analystId"),
                text(json, "note"), instant(json.get("labeledAt"))));
    }

    private static String text(JsonNode json, String field) {
        final JsonNode v = json.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static Long instant(JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isTextual()) {
            try {
                return Instant.parse(v.textValue()).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                return null;
            }
        }
        return null;
    }
}
