package org.fraudstream.feedback.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.fraudstream.contract.JsonSerde;

/**
 * What POST /feedback does with what a client sends, before anything is published: the body
 * ({@link FeedbackRequests#parse}) and the Content-Type header ({@link RequestBody#requireJson}).
 * Anything that comes in must end as a valid label or an {@link ApiException} with a 4xx code; any
 * other exception would be a 500. Plain checks, no AssertJ, in the loop: they run millions of times.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the checked-in inputs under
 * {@code src/test/resources/org/fraudstream/feedback/internal/FeedbackRequestsFuzzTestInputs/<method>/}
 * (regression mode); with {@code JAZZER_FUZZ=1} it fuzzes one method (README, "Fuzzing").
 */
class FeedbackRequestsFuzzTest {

    private static final FeedbackRequests REQUESTS = new FeedbackRequests();
    private static final Set<ErrorCode> BODY_ERRORS = EnumSet.of(ErrorCode.MALFORMED_JSON, ErrorCode.MISSING_FIELD,
            ErrorCode.UNKNOWN_FIELD, ErrorCode.INVALID_FIELD, ErrorCode.UNKNOWN_LABEL);
    private static final long NOW = 1_700_000_000_000L;

    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "90m")
    void parse(byte[] body) throws JsonProcessingException {
        final FeedbackRequests.Parsed parsed;
        try {
            parsed = REQUESTS.parse(body, () -> NOW);
        } catch (ApiException e) {
            check(BODY_ERRORS.contains(e.code()), "code " + e.code() + " is not a body error");
            check(e.getMessage() != null && !e.getMessage().isBlank(), "blank message for " + e.code());
            return;
        }
        check(parsed.feedback().labeledAt() >= 0, "negative labeledAt " + parsed.feedback().labeledAt());
        check(parsed.fingerprint().length() == 64, "fingerprint " + parsed.fingerprint());
        // an accepted label, as Jackson publishes it, is accepted again as the same label
        final byte[] published = JsonSerde.MAPPER.writeValueAsBytes(parsed.feedback());
        final FeedbackRequests.Parsed again = REQUESTS.parse(published, () -> NOW);
        check(again.feedback().equals(parsed.feedback()), "round trip changed " + parsed.feedback()
                + " into " + again.feedback());
    }

    /** The header as the server sees it: ISO-8859-1 text, any bytes. */
    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "60m")
    void contentType(byte[] header) {
        final String value = new String(header, StandardCharsets.ISO_8859_1);
        try {
            RequestBody.requireJson(value);
        } catch (ApiException e) {
            check(e.code() == ErrorCode.UNSUPPORTED_MEDIA_TYPE, "code " + e.code() + " for '" + value + "'");
            check(e.getMessage() != null && e.getMessage().length() < 300, "message " + e.getMessage());
            return;
        }
        check(value.toLowerCase(Locale.ROOT).strip().startsWith("application/json"), "accepted '" + value + "'");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
