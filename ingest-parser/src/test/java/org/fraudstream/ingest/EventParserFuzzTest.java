package org.fraudstream.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Raw bytes into {@link EventParser#parse}: whatever comes in, the parser returns (never throws,
 * never hangs) either a valid event or a reject reason with a short detail. Plain checks, no AssertJ,
 * in the loop: they run millions of times.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the checked-in inputs under
 * {@code src/test/resources/org/fraudstream/ingest/EventParserFuzzTestInputs/parse/} (regression
 * mode); with {@code JAZZER_FUZZ=1} it fuzzes (README, "Fuzzing").
 */
class EventParserFuzzTest {

    private static final EventParser PARSER = new EventParser();

    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "60m")
    void parse(byte[] payload) {
        final ParseResult result = PARSER.parse(payload);

        if (result instanceof ParseResult.Invalid invalid) {
            // a detail is for people: bounded whatever the payload (values are quoted truncated)
            if (invalid.detail().isBlank() || invalid.detail().length() > 400) {
                throw new AssertionError("detail of " + invalid.reason() + ": '" + invalid.detail() + "'");
            }
            if (invalid.detail().startsWith("unreadable")) { // the parser's catch-all: a case it did not foresee
                throw new AssertionError("unforeseen failure: " + invalid.detail());
            }
        } else if (!(result instanceof ParseResult.Valid)) {
            throw new AssertionError("neither valid nor invalid: " + result);
        }
    }
}
