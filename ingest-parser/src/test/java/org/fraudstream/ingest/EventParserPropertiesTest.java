package org.fraudstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.fraudstream.contract.RejectReason;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.contract.TransactionType;

/** Whatever comes in, the parser answers (never throws), and what EventJson writes it reads back. */
class EventParserPropertiesTest {

    private static final EventParser PARSER = new EventParser();
    private static final String[] REQUIRED = {"transactionId", "eventTime", "step", "type", "amount", "nameOrig",
        "oldbalanceOrg", "newbalanceOrig", "nameDest", "oldbalanceDest", "newbalanceDest"};

    @Property
    void shouldAnswerWithoutThrowingWhenBytesAreRandom(@ForAll @Size(max = 400) byte[] bytes) {
        assertAnswers(bytes);
    }

    @Property
    void shouldAnswerWithoutThrowingWhenTextIsRandom(@ForAll @Size(max = 400) String text) {
        assertAnswers(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void shouldAnswerWithoutThrowingWhenTextIsMadeOfJsonTokens(@ForAll("jsonish") String text) {
        assertAnswers(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void shouldAnswerWhenBytesOfAValidPayloadAreFlipped(@ForAll("events") TransactionEvent e,
            @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll @IntRange(min = 1, max = 255) int mask) {
        final byte[] payload = EventJson.write(e);
        payload[position % payload.length] ^= (byte) mask;

        assertAnswers(payload);
    }

    @Property
    void shouldRejectWhenAValidPayloadIsTruncated(@ForAll("events") TransactionEvent e,
            @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        final byte[] payload = EventJson.write(e);
        final byte[] prefix = java.util.Arrays.copyOf(payload, cut % payload.length);

        assertThat(PARSER.parse(prefix)).isInstanceOf(ParseResult.Invalid.class);
    }

    @Property
    void shouldRejectAsMissingWhenARequiredFieldIsDeleted(@ForAll("events") TransactionEvent e,
            @ForAll @IntRange(min = 0, max = 10) int field) {
        final String json = fieldsOf(e).stream().filter(f -> !f.startsWith("\"" + REQUIRED[field] + "\":"))
                .reduce((a, b) -> a + "," + b).map(s -> "{" + s + "}").orElseThrow();

        final ParseResult result = PARSER.parse(json.getBytes(StandardCharsets.UTF_8));

        assertThat(result).isInstanceOfSatisfying(ParseResult.Invalid.class,
                i -> assertThat(i.reason()).isEqualTo(RejectReason.MISSING_FIELD));
    }

    @Property
    void shouldAnswerWhenTwoValuesAreSwapped(@ForAll("events") TransactionEvent e,
            @ForAll @IntRange(min = 0, max = 10) int a, @ForAll @IntRange(min = 0, max = 10) int b) {
        final List<String> fields = fieldsOf(e);
        final String va = fields.get(a).substring(fields.get(a).indexOf(':') + 1);
        final String vb = fields.get(b).substring(fields.get(b).indexOf(':') + 1);
        fields.set(a, "\"" + REQUIRED[a] + "\":" + vb);
        fields.set(b, "\"" + REQUIRED[b] + "\":" + va);

        assertAnswers(("{" + String.join(",", fields) + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void shouldReadBackAnEqualEventWhenWrittenByEventJson(@ForAll("events") TransactionEvent e) {
        assertThat(PARSER.parse(EventJson.write(e))).isEqualTo(new ParseResult.Valid(e));
    }

    @Provide
    Arbitrary<TransactionEvent> events() {
        final Arbitrary<String> id = Arbitraries.strings().ofMinLength(1).ofMaxLength(40)
                .filter(s -> !s.isBlank()); // lone surrogates too: Jackson writes them as JSON escapes
        final Arbitrary<Double> balance = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e9, 1e9).ofScale(2),
                Arbitraries.doubles(),
                Arbitraries.of(0.0, -0.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 1e-300));
        final Arbitrary<Double> amount = balance.map(Math::abs);
        return Combinators.combine(id.list().ofSize(3), balance.list().ofSize(4), amount,
                Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.of(TransactionType.class))
                .as((ids, b, amt, step, time, type) -> new TransactionEvent(ids.get(0), time, step, type, amt,
                        ids.get(1), b.get(0), b.get(1), ids.get(2), b.get(2), b.get(3)));
    }

    @Provide
    Arbitrary<String> jsonish() {
        final Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "\"amount\"", "\"step\"",
                "\"type\"", "\"transactionId\"", "\"isFraud\"", "1", "-0", "1.5e3", "NaN", "-Infinity", "true",
                "null", " ", "\\u0000", "\"TRANSFER\"", "1e400", "9223372036854775808");
        return token.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    private static void assertAnswers(byte[] payload) {
        final ParseResult result = PARSER.parse(payload);
        assertThat(result).isNotNull().isInstanceOfAny(ParseResult.Valid.class, ParseResult.Invalid.class);
        if (result instanceof ParseResult.Invalid invalid) {
            assertThat(invalid.reason()).isNotEqualTo(RejectReason.PROCESSING_ERROR);
            assertThat(invalid.detail()).isNotBlank();
        }
    }

    private static List<String> fieldsOf(TransactionEvent e) {
        final String json = new String(EventJson.write(e), StandardCharsets.UTF_8);
        // split on the commas between fields: every field starts with "<name>": at the top level
        final List<String> fields = new ArrayList<>();
        int start = 1;
        for (int i = 1; i < REQUIRED.length; i++) {
            final int next = json.indexOf(",\"" + REQUIRED[i] + "\":", start);
            fields.add(json.substring(start, next));
            start = next + 1;
        }
        fields.add(json.substring(start, json.length() - 1));
        return fields;
    }
}
