package org.fraudstream.updater.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.fraudstream.contract.RejectReason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FeedbackParserTest {

    private final FeedbackParser parser = new FeedbackParser();

    private FeedbackParser.Result parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadEveryFieldWhenGivenFullFeedbackV1() {
        final FeedbackParser.Result r = parse("{\"transactionId\":\"run-7\",\"label\":\"FRAUD\",\"analystId\":\"a-3\","
                + "\"note\":\"card skimmed\",\"labeledAt\":\"2026-03-01T09:30:00Z\"}");

        assertThat(r).isEqualTo(new FeedbackParser.Valid(new Feedback("run-7", true, "a-3", "card skimmed",
                Instant.parse("2026-03-01T09:30:00Z").toEpochMilli())));
    }

    @Test
    void shouldAcceptTheOptionalFieldsAbsentAndUnknownFieldsPresent() {
        assertThat(parse("{\"transactionId\":\"t\",\"label\":\"LEGIT\",\"analystId\":\"a\"}"))
                .isEqualTo(new FeedbackParser.Valid(new Feedback("t", false, "a", null, null)));
        assertThat(parse("{\"transactionId\":\"t\",\"label\":\"LEGIT\",\"analystId\":\"a\",\"queue\":\"q1\","
                + "\"labeledAt\":1767225600000}"))
                .isEqualTo(new FeedbackParser.Valid(new Feedback("t", false, "a", null, 1_767_225_600_000L)));
    }

    @Test
    void shouldIgnoreALabeledAtItCannotReadRatherThanLoseTheLabel() {
        assertThat(parse("{\"transactionId\":\"t\",\"label\":\"FRAUD\",\"analystId\":\"a\",\"labeledAt\":\"soon\"}"))
                .isEqualTo(new FeedbackParser.Valid(new Feedback("t", true, "a", null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty                |                                                         | EMPTY_PAYLOAD",
        "not JSON             | label=FRAUD                                             | NOT_JSON",
        "an array             | [1]                                                     | NOT_OBJECT",
        "no transactionId     | {'label':'FRAUD'}                                       | MISSING_FIELD",
        "numeric id           | {'transactionId':7,'label':'FRAUD'}                     | WRONG_TYPE",
        "blank id             | {'transactionId':'  ','label':'FRAUD'}                  | INVALID_ID",
        "no label             | {'transactionId':'t'}                                   | MISSING_FIELD",
        "lower-case label     | {'transactionId':'t','label':'fraud'}                   | WRONG_TYPE",
        "boolean label        | {'transactionId':'t','label':true}                      | WRONG_TYPE"})
    void shouldRejectWithAReasonWhenNotFeedbackV1(String name, String json, RejectReason reason) {
        final FeedbackParser.Result r = parse(json == null ? "" : json.replace('\'', '"'));

        assertThat(r).isInstanceOfSatisfying(FeedbackParser.Invalid.class,
                i -> assertThat(i.reason()).isEqualTo(reason));
    }

    @Test
    void shouldRejectAnIdLongerThan128Characters() {
        assertThat(parse("{\"transactionId\":\"" + "x".repeat(129) + "\",\"label\":\"FRAUD\"}"))
                .isInstanceOfSatisfying(FeedbackParser.Invalid.class,
                        i -> assertThat(i.reason()).isEqualTo(RejectReason.INVALID_ID));
    }

    @Test
    void shouldRejectBytesThatAreNotUtf8() {
        assertThat(parser.parse(new byte[] {'{', (byte) 0xFF, '}'}))
                .isInstanceOfSatisfying(FeedbackParser.Invalid.class, i -> assertThat(i.detail()).contains("UTF-8"));
    }
}
