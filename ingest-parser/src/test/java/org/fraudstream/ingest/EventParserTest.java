package org.fraudstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fraudstream.contract.RejectReason.EMPTY_PAYLOAD;
import static org.fraudstream.contract.RejectReason.INVALID_AMOUNT;
import static org.fraudstream.contract.RejectReason.INVALID_BALANCE;
import static org.fraudstream.contract.RejectReason.INVALID_EVENT_TIME;
import static org.fraudstream.contract.RejectReason.INVALID_ID;
import static org.fraudstream.contract.RejectReason.INVALID_STEP;
import static org.fraudstream.contract.RejectReason.MISSING_FIELD;
import static org.fraudstream.contract.RejectReason.NOT_JSON;
import static org.fraudstream.contract.RejectReason.NOT_OBJECT;
import static org.fraudstream.contract.RejectReason.OVERSIZE;
import static org.fraudstream.contract.RejectReason.UNKNOWN_FIELD;
import static org.fraudstream.contract.RejectReason.UNKNOWN_TYPE;
import static org.fraudstream.contract.RejectReason.WRONG_TYPE;
import static org.fraudstream.ingest.RawJson.str;
import static org.fraudstream.ingest.RawJson.valid;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.fraudstream.contract.RejectReason;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.contract.TransactionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {

    private static final EventParser PARSER = new EventParser();

    private static final String[] REQUIRED = {"transactionId", "eventTime", "step", "type", "amount", "nameOrig",
        "oldbalanceOrg", "newbalanceOrig", "nameDest", "oldbalanceDest", "newbalanceDest"};
    private static final String[] BALANCES = {"oldbalanceOrg", "newbalanceOrig", "oldbalanceDest", "newbalanceDest"};
    private static final String[] IDS = {"transactionId", "nameOrig", "nameDest"};

    record Rejection(String name, byte[] payload, RejectReason reason) {
        @Override
        public String toString() {
            return name + " -> " + reason;
        }
    }

    static List<Rejection> rejections() {
        final List<Rejection> t = new ArrayList<>();
        t.add(r("empty", "", EMPTY_PAYLOAD));
        t.add(r("white space only", " \r\n\t ", EMPTY_PAYLOAD));
        t.add(new Rejection("null payload", null, EMPTY_PAYLOAD));
        t.add(r("over 16 KiB even though valid JSON", valid().json() + " ".repeat(16 * 1024), OVERSIZE));
        t.add(r("unfinished object", "{\"transactionId\":\"run-1\"", NOT_JSON));
        t.add(r("missing colon", "{\"transactionId\" \"run-1\"}", NOT_JSON));
        t.add(r("single quotes", valid().json().replace('"', '\''), NOT_JSON));
        t.add(r("trailing garbage", valid().json() + " x", NOT_JSON));
        t.add(r("two objects", valid().json() + valid().json(), NOT_JSON));
        t.add(r("trailing comma", valid().json().replace("}", ",}"), NOT_JSON));
        t.add(r("comment", "/* c */" + valid().json(), NOT_JSON));
        t.add(r("duplicate key", valid().json().replace("}", ",\"amount\":1.0}"), NOT_JSON));
        t.add(r("duplicate unknown key", valid().with("x", "1").json().replace("}", ",\"x\":2}"), NOT_JSON));
        t.add(new Rejection("invalid UTF-8 in a string", spliced(valid().json(), 20, (byte) 0xC3, (byte) 0x28), NOT_JSON));
        t.add(new Rejection("overlong UTF-8", spliced(valid().json(), 20, (byte) 0xC0, (byte) 0xAF), NOT_JSON));
        t.add(new Rejection("UTF-8 surrogate", spliced(valid().json(), 20, (byte) 0xED, (byte) 0xA0, (byte) 0x80), NOT_JSON));
        t.add(new Rejection("UTF-16 text", valid().json().getBytes(StandardCharsets.UTF_16BE), NOT_JSON));
        t.add(new Rejection("raw NUL byte", spliced(valid().json(), 20, (byte) 0), NOT_JSON));
        t.add(r("raw control character in a string", valid().with("nameOrig", "\"C1\u0001\"").json(), NOT_JSON));
        t.add(r("nesting deeper than Jackson's limit", valid().with("amount", "[".repeat(5_000) + "]".repeat(5_000)).json(),
                NOT_JSON));
        t.add(r("array", "[" + valid().json() + "]", NOT_OBJECT));
        t.add(r("number", "42", NOT_OBJECT));
        t.add(r("string", "\"run-1\"", NOT_OBJECT));
        t.add(r("null", "null", NOT_OBJECT));
        t.add(r("boolean", "true", NOT_OBJECT));
        for (String f : REQUIRED) {
            t.add(r(f + " absent", valid().without(f).json(), MISSING_FIELD));
            t.add(r(f + " null", valid().with(f, "null").json(), MISSING_FIELD));
        }
        t.add(r("empty object", "{}", MISSING_FIELD));
        t.add(r("amount as string", valid().with("amount", "\"181.0\"").json(), WRONG_TYPE));
        t.add(r("amount as boolean", valid().with("amount", "true").json(), WRONG_TYPE));
        t.add(r("balance as array", valid().with("oldbalanceOrg", "[1]").json(), WRONG_TYPE));
        t.add(r("fractional step", valid().with("step", "7.5").json(), WRONG_TYPE));
        t.add(r("step as string", valid().with("step", "\"7\"").json(), WRONG_TYPE));
        t.add(r("step NaN", valid().with("step", "NaN").json(), WRONG_TYPE));
        t.add(r("fractional event time", valid().with("eventTime", "1.5").json(), WRONG_TYPE));
        t.add(r("event time as object", valid().with("eventTime", "{\"ms\":1}").json(), WRONG_TYPE));
        t.add(r("id as number", valid().with("nameOrig", "12345").json(), WRONG_TYPE));
        t.add(r("type as number", valid().with("type", "4").json(), WRONG_TYPE));
        t.add(r("isFraud 2", valid().with("isFraud", "2").json(), WRONG_TYPE));
        t.add(r("isFraud string", valid().with("isFraud", "\"1\"").json(), WRONG_TYPE));
        t.add(r("isFlaggedFraud null", valid().with("isFlaggedFraud", "null").json(), WRONG_TYPE));
        t.add(r("unknown field", valid().with("merchantCategory", "\"food\"").json(), UNKNOWN_FIELD));
        t.add(r("label column in another case", valid().with("isfraud", "0").json(), UNKNOWN_FIELD));
        t.add(r("unknown object field", valid().with("meta", "{\"a\":[1,2]}").json(), UNKNOWN_FIELD));
        t.add(r("unknown type", valid().with("type", str("WIRE")).json(), UNKNOWN_TYPE));
        t.add(r("type in lower case", valid().with("type", str("transfer")).json(), UNKNOWN_TYPE));
        t.add(r("type empty", valid().with("type", str("")).json(), UNKNOWN_TYPE));
        for (String amount : List.of("-1", "-0.01", "NaN", "Infinity", "-Infinity", "1e400", "-1e-400")) {
            t.add(r("amount " + amount, valid().with("amount", amount).json(), INVALID_AMOUNT));
        }
        for (String balance : BALANCES) {
            t.add(r(balance + " NaN", valid().with(balance, "NaN").json(), INVALID_BALANCE));
        }
        t.add(r("balance overflowing", valid().with("newbalanceDest", "-1e999").json(), INVALID_BALANCE));
        for (String step : List.of("-1", "2147483648", "1e20", "-5.0", "99999999999999999999999")) {
            t.add(r("step " + step, valid().with("step", step).json(), INVALID_STEP));
        }
        for (String time : List.of("-1", "9223372036854775808", "-1.0", "1e19")) {
            t.add(r("event time " + time, valid().with("eventTime", time).json(), INVALID_EVENT_TIME));
        }
        for (String id : IDS) {
            t.add(r(id + " empty", valid().with(id, str("")).json(), INVALID_ID));
            t.add(r(id + " blank", valid().with(id, str(" \\t ")).json(), INVALID_ID));
            t.add(r(id + " 129 characters", valid().with(id, str("x".repeat(129))).json(), INVALID_ID));
        }
        t.add(r("id of em spaces", valid().with("nameDest", str("\u2003\u2003")).json(), INVALID_ID));
        return t;
    }

    static Stream<Arguments> validPayloads() {
        final TransactionEvent base = RawJson.BASE;
        return Stream.of(
                Arguments.of("as written", valid().json(), base),
                Arguments.of("label columns as 0/1", valid().with("isFraud", "1").with("isFlaggedFraud", "0").json(), base),
                Arguments.of("label columns as booleans", valid().with("isFraud", "true").with("isFlaggedFraud", "false").json(), base),
                Arguments.of("label columns first", valid().with("isFraud", "1").first("isFraud").json(), base),
                Arguments.of("label 1.0", valid().with("isFraud", "1.0").json(), base),
                Arguments.of("fields reordered", valid().first("newbalanceDest").first("type").json(), base),
                Arguments.of("white space around", " \n" + valid().json().replace(":", " : ") + "\r\n", base),
                Arguments.of("integral step written 7.0", valid().with("step", "7.0").json(), base),
                Arguments.of("integral step written 0.7e1", valid().with("step", "0.7e1").json(), base),
                Arguments.of("amount with exponent", valid().with("amount", "1.81E2").json(), base),
                Arguments.of("escaped id", valid().with("nameOrig", "\"C\\u0031305486145\"").json(), base),
                Arguments.of("negative balances (overdraft)", valid().with("newbalanceOrig", "-250.5")
                        .with("oldbalanceDest", "-1e3").json(),
                        new TransactionEvent("run-1", 1_704_067_200_000L, 7, TransactionType.TRANSFER, 181.0,
                                "C1305486145", 181.0, -250.5, "C553264065", -1000.0, 0.0)),
                Arguments.of("zero amount written -0.0, step 0, time 0", valid().with("amount", "-0.0").with("step", "0")
                        .with("eventTime", "0").json(),
                        new TransactionEvent("run-1", 0, 0, TransactionType.TRANSFER, -0.0, "C1305486145", 181.0,
                                0.0, "C553264065", 0.0, 0.0)),
                Arguments.of("largest step and event time", valid().with("step", "2147483647")
                        .with("eventTime", "9223372036854775807").json(),
                        new TransactionEvent("run-1", Long.MAX_VALUE, Integer.MAX_VALUE, TransactionType.TRANSFER,
                                181.0, "C1305486145", 181.0, 0.0, "C553264065", 0.0, 0.0)),
                Arguments.of("128 astral code points as id (256 UTF-16 units)",
                        valid().with("transactionId", str("\uD83D\uDE00".repeat(128))).json(),
                        new TransactionEvent("\uD83D\uDE00".repeat(128), 1_704_067_200_000L, 7, TransactionType.TRANSFER,
                                181.0, "C1305486145", 181.0, 0.0, "C553264065", 0.0, 0.0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void shouldRejectWithItsReasonWhenPayloadIsInvalid(Rejection c) {
        final ParseResult result = PARSER.parse(c.payload());

        assertThat(result).isInstanceOfSatisfying(ParseResult.Invalid.class, invalid -> {
            assertThat(invalid.reason()).as(invalid.detail()).isEqualTo(c.reason());
            assertThat(invalid.detail()).isNotBlank();
        });
    }

    @Test
    void shouldHaveAPayloadForEveryParserReasonWhenTableIsComplete() {
        final Set<RejectReason> covered = EnumSet.noneOf(RejectReason.class);
        rejections().forEach(c -> covered.add(c.reason()));

        // PROCESSING_ERROR is the scoring app's, for valid events whose scoring failed: never a parse outcome.
        assertThat(covered).isEqualTo(EnumSet.complementOf(EnumSet.of(RejectReason.PROCESSING_ERROR)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPayloads")
    void shouldReturnTheEventWhenPayloadIsValid(String name, String json, TransactionEvent expected) {
        assertThat(PARSER.parse(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(new ParseResult.Valid(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"amount", "step", "type", "nameDest", "isFraud"})
    void shouldNameTheFieldWhenAFieldIsWrong(String field) {
        final ParseResult result = PARSER.parse(valid().with(field, "[]").bytes());

        assertThat(((ParseResult.Invalid) result).detail()).contains("'" + field + "'");
    }

    /** Exponents beyond int range overflow BigDecimal; found by EventParserFuzzTest (they were "unreadable"). */
    static Stream<Arguments> exponentOverflows() {
        return Stream.of(
                Arguments.of("eventTime", "1e9999999999", INVALID_EVENT_TIME),
                Arguments.of("eventTime", "-1e9999999999", INVALID_EVENT_TIME),
                Arguments.of("step", "1e-9999999999", WRONG_TYPE),
                Arguments.of("amount", "-1e-9999999999", INVALID_AMOUNT),
                Arguments.of("isFraud", "1e-9999999999", WRONG_TYPE),
                Arguments.of("isFlaggedFraud", "2E+9999999999", WRONG_TYPE));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("exponentOverflows")
    void shouldRejectTheFieldWhenItsExponentOverflows(String field, String number, RejectReason reason) {
        final ParseResult result = PARSER.parse(valid().with(field, number).bytes());

        assertThat(result).isInstanceOfSatisfying(ParseResult.Invalid.class, invalid -> {
            assertThat(invalid.reason()).isEqualTo(reason);
            assertThat(invalid.detail()).contains(field);
        });
    }

    @Test
    void shouldReadZeroWhenTheMantissaIsZeroWhateverTheExponent() {
        final ParseResult result = PARSER.parse(valid().with("step", "0e-9999999999").with("isFraud", "0E9999999999")
                .bytes());

        assertThat(result).isInstanceOfSatisfying(ParseResult.Valid.class, v -> assertThat(v.event().step()).isZero());
    }

    @Test
    void shouldCarryTheTransactionIdWhenTheErrorComesAfterIt() {
        final ParseResult result = PARSER.parse(valid().with("amount", "-5").bytes());

        assertThat(result).isEqualTo(new ParseResult.Invalid(INVALID_AMOUNT,
                ((ParseResult.Invalid) result).detail(), "run-1"));
    }

    @Test
    void shouldCarryTheTransactionIdWhenTheErrorComesBeforeIt() {
        final ParseResult result = PARSER.parse(valid().with("step", "-1").first("step").bytes());

        assertThat(((ParseResult.Invalid) result).transactionId()).isEqualTo("run-1");
    }

    @Test
    void shouldCarryTheTransactionIdWhenTheSyntaxBreaksAfterIt() {
        final String json = valid().json();
        final ParseResult result = PARSER.parse(json.substring(0, json.length() - 10).getBytes(StandardCharsets.UTF_8));

        assertThat(result).isInstanceOfSatisfying(ParseResult.Invalid.class, invalid -> {
            assertThat(invalid.reason()).isEqualTo(NOT_JSON);
            assertThat(invalid.transactionId()).isEqualTo("run-1");
        });
    }

    @Test
    void shouldCarryNoTransactionIdWhenItIsNotAString() {
        final ParseResult result = PARSER.parse(valid().with("transactionId", "17").bytes());

        assertThat(((ParseResult.Invalid) result).transactionId()).isNull();
    }

    @Test
    void shouldPreferSyntaxErrorsWhenAFieldErrorComesFirst() {
        final String json = valid().with("amount", "\"x\"").first("amount").json();
        final ParseResult result = PARSER.parse((json + "]").getBytes(StandardCharsets.UTF_8));

        assertThat(((ParseResult.Invalid) result).reason()).isEqualTo(NOT_JSON);
    }

    @Test
    void shouldReportTheFirstFieldErrorWhenThereAreSeveral() {
        final ParseResult result = PARSER.parse(valid().with("amount", "-1").with("step", "-1").first("step").bytes());

        assertThat(((ParseResult.Invalid) result).reason()).isEqualTo(INVALID_STEP);
    }

    @Test
    void shouldApplyTheConfiguredMaximumWhenOneIsGiven() {
        final byte[] payload = valid().bytes();

        assertThat(new EventParser(payload.length).parse(payload)).isInstanceOf(ParseResult.Valid.class);
        assertThat(new EventParser(payload.length - 1).parse(payload))
                .isInstanceOfSatisfying(ParseResult.Invalid.class, i -> assertThat(i.reason()).isEqualTo(OVERSIZE));
    }

    @Test
    void shouldAcceptAUtf8ByteOrderMarkWhenTheRestIsValid() {
        final byte[] json = valid().bytes();
        final byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        assertThat(PARSER.parse(withBom)).isEqualTo(new ParseResult.Valid(RawJson.BASE));
    }

    private static Rejection r(String name, String payload, RejectReason reason) {
        return new Rejection(name, payload.getBytes(StandardCharsets.UTF_8), reason);
    }

    /** {@code json}'s bytes with {@code insert} spliced in at {@code at}. */
    static byte[] spliced(String json, int at, byte... insert) {
        final byte[] b = json.getBytes(StandardCharsets.UTF_8);
        final byte[] out = new byte[b.length + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at, out, at + insert.length, b.length - at);
        return out;
    }
}
