package org.fraudstream.feedback.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.fraudstream.contract.Feedback;
import org.fraudstream.contract.FeedbackLabel;

/**
 * Turns a POST /feedback body into a {@link Feedback}: strict UTF-8, strict JSON (no duplicate keys,
 * nothing after the object), then feedback_v1.json itself, so the API and the published schema
 * cannot disagree. Schema errors become one {@link ApiException} with a stable code and the field.
 */
public final class FeedbackRequests {

    /** A valid request: the label to publish and the fingerprint of what the client sent. */
    public record Parsed(Feedback feedback, String fingerprint) { }

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    /** Order in which missing fields are reported, so the answer does not depend on set order. */
    private static final List<String> FIELDS = List.of("transactionId", "label", "analystId", "note", "labeledAt");

    /** As many digits as Jackson allows in a number (StreamReadConstraints): beyond that, an exponent is abuse. */
    private static final int MAX_NUMBER_SCALE = 1000;

    private final JsonSchema schema;

    public FeedbackRequests() {
        try (InputStream in = FeedbackRequests.class.getResourceAsStream("/schemas/feedback_v1.json")) {
            if (in == null) {
                throw new IllegalStateException("feedback_v1.json is not on the class path (module schemas)");
            }
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses and validates {@code body}; {@code now} gives {@code labeledAt} when the body has none.
     *
     * @throws ApiException MALFORMED_JSON, MISSING_FIELD, UNKNOWN_FIELD, INVALID_FIELD or UNKNOWN_LABEL
     */
    public Parsed parse(byte[] body, LongSupplier now) {
        final JsonNode json = readStrict(body);
        requireNumbersInRange(json);
        final Set<ValidationMessage> errors = schema.validate(json);
        if (!errors.isEmpty()) {
            throw toApiException(errors);
        }
        final JsonNode note = json.get("note");
        final JsonNode at = json.get("labeledAt");
        final String noteText = note == null || note.isNull() ? null : note.textValue();
        final boolean hasTime = at != null && !at.isNull();
        if (hasTime && !(at.canConvertToExactIntegral() && at.canConvertToLong() && at.longValue() >= 0)) {
            // the schema says so too; checked here because a wrapped long would be a negative time
            throw new ApiException(ErrorCode.INVALID_FIELD, "labeledAt must be an integer in [0, "
                    + Long.MAX_VALUE + "], was " + at, "labeledAt");
        }
        final Feedback feedback;
        try {
            feedback = new Feedback(json.get("transactionId").textValue(),
                    FeedbackLabel.valueOf(json.get("label").textValue()), json.get("analystId").textValue(),
                    noteText, hasTime ? at.longValue() : now.getAsLong());
        } catch (IllegalArgumentException e) { // the record's rules are the schema's; a 400 if they ever disagree
            throw new ApiException(ErrorCode.INVALID_FIELD, e.getMessage());
        }
        return new Parsed(feedback, fingerprint(feedback.label(), noteText, hasTime ? at.longValue() : null));
    }

    /**
     * A number whose exponent is beyond {@link #MAX_NUMBER_SCALE} either way ({@code 1e999999999}) is no
     * feedback value, and the schema validator would expand it digit by digit (out of memory for a
     * 30-byte body): refused before validation, naming the top-level field that holds it.
     */
    private static void requireNumbersInRange(JsonNode json) {
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            if (hasHugeNumber(field.getValue())) {
                throw new ApiException(ErrorCode.INVALID_FIELD, "field '" + field.getKey()
                        + "' holds a number whose exponent is out of range", field.getKey());
            }
        }
    }

    private static boolean hasHugeNumber(JsonNode node) {
        if (node.isBigDecimal()) {
            return Math.abs((long) node.decimalValue().scale()) > MAX_NUMBER_SCALE;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (hasHugeNumber(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode readStrict(byte[] body) {
        final String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, "the body is not valid UTF-8");
        }
        final JsonNode json;
        try {
            json = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (NumberFormatException e) { // 1e999999999999999: Jackson's BigDecimal refuses the exponent
            throw new ApiException(ErrorCode.INVALID_FIELD, "the body holds a number whose exponent is out of range");
        }
        if (json == null || !json.isObject()) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, "the body must be one JSON object");
        }
        return json;
    }

    /** The most useful of the schema's complaints: missing, then unknown, then the field's own. */
    private static ApiException toApiException(Set<ValidationMessage> errors) {
        final List<ValidationMessage> sorted = errors.stream()
                .sorted(Comparator.comparingInt(FeedbackRequests::rank).thenComparingInt(m -> fieldRank(field(m))))
                .toList();
        final ValidationMessage first = sorted.get(0);
        final String field = field(first);
        return switch (first.getType()) {
            case "required" -> new ApiException(ErrorCode.MISSING_FIELD, "field '" + field + "' is required", field);
            case "additionalProperties" -> new ApiException(ErrorCode.UNKNOWN_FIELD,
                    "field '" + field + "' is not part of feedback_v1", field);
            case "enum" -> new ApiException(ErrorCode.UNKNOWN_LABEL,
                    "label must be one of FRAUD, LEGIT; was " + first.getInstanceNode(), field);
            default -> new ApiException(ErrorCode.INVALID_FIELD, first.getMessage(), field);
        };
    }

    private static int rank(ValidationMessage m) {
        return switch (m.getType()) {
            case "required" -> 0;
            case "additionalProperties" -> 1;
            case "enum" -> 3; // a label of the wrong type is INVALID_FIELD, not UNKNOWN_LABEL
            default -> 2;
        };
    }

    private static int fieldRank(String field) {
        final int i = FIELDS.indexOf(field);
        return i < 0 ? FIELDS.size() : i;
    }

    /** The top-level field a message is about (for required/additionalProperties: the property named). */
    private static String field(ValidationMessage m) {
        if (m.getProperty() != null) {
            return m.getProperty();
        }
        return m.getInstanceLocation().getNameCount() == 0 ? null : m.getInstanceLocation().getName(0);
    }

    private static String fingerprint(FeedbackLabel label, String note, Long labeledAt) {
        try {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(label.name().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(note == null ? new byte[] {1} : ("n" + note).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(labeledAt == null ? "-".getBytes(StandardCharsets.UTF_8)
                    : Long.toString(labeledAt).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
