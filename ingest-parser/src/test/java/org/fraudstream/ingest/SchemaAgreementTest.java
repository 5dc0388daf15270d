package org.fraudstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fraudstream.ingest.RawJson.str;
import static org.fraudstream.ingest.RawJson.valid;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.fraudstream.contract.DlqRecord;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.RejectReason;
import org.fraudstream.contract.TransactionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * event_v1.json and {@link EventParser} are two statements of one contract: they must accept and
 * reject the same payloads. The schema side reads bytes as strict UTF-8 and strict JSON (no NaN, no
 * duplicate keys, no trailing tokens), as the schema's description requires.
 */
class SchemaAgreementTest {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonSchema EVENT_V1 = schema("/schemas/event_v1.json");
    private static final JsonSchema DLQ_V1 = schema("/schemas/dlq_v1.json");
    private static final EventParser PARSER = new EventParser();

    record Case(String name, byte[] payload, boolean valid) {
        @Override
        public String toString() {
            return (valid ? "valid: " : "invalid: ") + name;
        }
    }

    static List<Case> cases() {
        final List<Case> t = new ArrayList<>();
        ok(t, "as written", valid().json());
        ok(t, "negative balances", valid().with("newbalanceOrig", "-1.5").with("oldbalanceDest", "-2e3").json());
        ok(t, "label columns 0/1", valid().with("isFraud", "0").with("isFlaggedFraud", "1").json());
        ok(t, "label columns booleans", valid().with("isFraud", "true").with("isFlaggedFraud", "false").json());
        ok(t, "label column 1.0", valid().with("isFraud", "1.0").json());
        ok(t, "integral step 7.0", valid().with("step", "7.0").json());
        ok(t, "integral event time 1.7e12", valid().with("eventTime", "1.7e12").json());
        ok(t, "largest step", valid().with("step", "2147483647").json());
        ok(t, "largest event time", valid().with("eventTime", "9223372036854775807").json());
        ok(t, "zero amount -0", valid().with("amount", "-0").json());
        ok(t, "huge finite amount", valid().with("amount", "1.7976931348623157e308").json());
        ok(t, "id of a no-break space (not white space to Java)", valid().with("nameOrig", str("\u00a0")).json());
        ok(t, "id of 128 astral code points", valid().with("nameDest", str("\uD83D\uDE00".repeat(128))).json());
        ok(t, "id of 128 characters", valid().with("transactionId", str("x".repeat(128))).json());
        ok(t, "each type", valid().with("type", str("CASH_IN")).json());
        bad(t, "empty", "");
        bad(t, "white space", "  ");
        bad(t, "unfinished", "{\"transactionId\":");
        bad(t, "trailing garbage", valid().json() + "x");
        bad(t, "two objects", valid().json() + "{}");
        bad(t, "duplicate key", valid().json().replace("}", ",\"step\":8}"));
        bad(t, "NaN amount", valid().with("amount", "NaN").json());
        bad(t, "Infinity balance", valid().with("oldbalanceDest", "Infinity").json());
        bad(t, "overflowing amount 1e400", valid().with("amount", "1e400").json());
        bad(t, "overflowing balance -1e400", valid().with("oldbalanceOrg", "-1e400").json());
        bad(t, "negative amount", valid().with("amount", "-0.01").json());
        bad(t, "tiny negative amount", valid().with("amount", "-1e-400").json());
        bad(t, "array", "[" + valid().json() + "]");
        bad(t, "number", "3");
        bad(t, "missing amount", valid().without("amount").json());
        bad(t, "missing nameDest", valid().without("nameDest").json());
        bad(t, "null step", valid().with("step", "null").json());
        bad(t, "amount as string", valid().with("amount", "\"1\"").json());
        bad(t, "fractional step", valid().with("step", "7.25").json());
        bad(t, "boolean balance", valid().with("newbalanceDest", "false").json());
        bad(t, "unknown field", valid().with("channel", str("web")).json());
        bad(t, "unknown type", valid().with("type", str("WIRE")).json());
        bad(t, "negative step", valid().with("step", "-1").json());
        bad(t, "step above int max", valid().with("step", "2147483648").json());
        bad(t, "negative event time", valid().with("eventTime", "-1").json());
        bad(t, "event time above long max", valid().with("eventTime", "9223372036854775808").json());
        bad(t, "empty id", valid().with("transactionId", str("")).json());
        bad(t, "blank id", valid().with("nameOrig", str(" \\n")).json());
        bad(t, "id of em spaces", valid().with("nameOrig", str("\u2003")).json());
        bad(t, "id of 129 characters", valid().with("transactionId", str("x".repeat(129))).json());
        bad(t, "id of 129 astral code points", valid().with("nameDest", str("\uD83D\uDE00".repeat(129))).json());
        bad(t, "isFraud 2", valid().with("isFraud", "2").json());
        bad(t, "isFlaggedFraud null", valid().with("isFlaggedFraud", "null").json());
        t.add(new Case("invalid UTF-8", EventParserTest.spliced(valid().json(), 20, (byte) 0xFF), false));
        t.add(new Case("UTF-16", valid().json().getBytes(StandardCharsets.UTF_16LE), false));
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldAgreeWithTheSchemaWhenGivenAPayload(Case c) {
        final boolean parserAccepts = PARSER.parse(c.payload()) instanceof ParseResult.Valid;
        final List<String> schemaErrors = schemaErrors(c.payload());

        assertThat(parserAccepts).as("parser: %s", PARSER.parse(c.payload())).isEqualTo(c.valid());
        assertThat(schemaErrors.isEmpty()).as("schema: %s", schemaErrors).isEqualTo(c.valid());
    }

    @Test
    void shouldHaveBothValidAndInvalidCasesWhenTableIsBuilt() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(30)
                .anyMatch(Case::valid).anyMatch(c -> !c.valid());
    }

    @Test
    void shouldValidateAgainstEventV1WhenWrittenByEventJson() throws IOException {
        final TransactionEvent e = new TransactionEvent("r-\"quoted\"\\", 1_700_000_000_000L, 12,
                org.fraudstream.contract.TransactionType.CASH_OUT, 1.0e7, "C1", -3.25, 12.5, "C\u00e9", 0.1, 1e-7);

        assertThat(EVENT_V1.validate(STRICT.readTree(EventJson.write(e)))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RejectReason.class)
    void shouldValidateAgainstDlqV1WhenWrittenByJsonSerde(RejectReason reason) throws IOException {
        final byte[] payload = {1, 2, (byte) 0xFF};
        final DlqRecord withId = new DlqRecord(reason, "field 'amount' ...", "transactions", 3, 1234L, "run-7",
                payload.length, Base64.getEncoder().encodeToString(payload), 1_704_067_200_000L);
        final DlqRecord withoutId = new DlqRecord(reason, "unreadable", "transactions", 0, 0L, null, 0, "", 0L);

        assertThat(DLQ_V1.validate(STRICT.readTree(JsonSerde.of(DlqRecord.class).toBytes(withId)))).isEmpty();
        assertThat(DLQ_V1.validate(STRICT.readTree(JsonSerde.of(DlqRecord.class).toBytes(withoutId)))).isEmpty();
    }

    @Test
    void shouldRejectADlqRecordWhenItsReasonIsUnknown() throws IOException {
        final JsonNode json = STRICT.readTree(JsonSerde.of(DlqRecord.class).toBytes(
                new DlqRecord(RejectReason.NOT_JSON, "d", "t", 0, 0L, null, 0, "", 0L)));
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("reason", "NOT_A_REASON");

        assertThat(DLQ_V1.validate(json)).isNotEmpty();
    }

    /** Schema errors of {@code payload}, or one pseudo-error when it is not strict UTF-8 JSON at all. */
    private static List<String> schemaErrors(byte[] payload) {
        final JsonNode json;
        try {
            final String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString();
            json = STRICT.readTree(text);
        } catch (CharacterCodingException e) {
            return List.of("not UTF-8");
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        if (json == null || json.isMissingNode()) {
            return List.of("no JSON value");
        }
        return EVENT_V1.validate(json).stream().map(ValidationMessage::getMessage).toList();
    }

    private static JsonSchema schema(String resource) {
        try (InputStream in = SchemaAgreementTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("%s on the test classpath", resource).isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ok(List<Case> t, String name, String json) {
        t.add(new Case(name, json.getBytes(StandardCharsets.UTF_8), true));
    }

    private static void bad(List<Case> t, String name, String json) {
        t.add(new Case(name, json.getBytes(StandardCharsets.UTF_8), false));
    }
}
