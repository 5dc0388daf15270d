package org.fraudstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Raw bytes into {@link EventParser#parse}: whatever comes in, the parser returns (never throws,
 * never hangs) either a valid event or a reject reason with a detail, the same answer every time.
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

        assertThat(result).isNotNull();
        if (result instanceof ParseResult.Invalid invalid) {
            assertThat(invalid.reason()).isNotNull();
            // a detail is for people: bounded whatever the payload (values are quoted truncated)
            assertThat(invalid.detail()).isNotBlank().hasSizeLessThan(400);
        } else {
            assertThat(((ParseResult.Valid) result).event()).isNotNull();
        }
        assertThat(PARSER.parse(payload)).isEqualTo(result);
    }
}
