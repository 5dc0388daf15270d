package org.fraudstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * feedback_v1.json accepts exactly the labels the feedback API promises to take: the required
 * three fields, the two optional ones, nothing else; ids as in event_v1.
 */
class FeedbackSchemaTest {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonSchema FEEDBACK_V1 = schema("/schemas/feedback_v1.json");
    private static final String BASE = "\"transactionId\":\"t-1\",\"label\":\"FRAUD\",\"analystId\":\"ana\"";

    record Case(String name, String json, boolean valid) {
        @Override
        public String toString() {
            return (valid ? "valid: " : "invalid: ") + name;
        }
    }

    static List<Case> cases() {
        final List<Case> t = new ArrayList<>();
        t.add(ok("required fields only", "{" + BASE + "}"));
        t.add(ok("LEGIT", "{" + BASE.replace("FRAUD", "LEGIT") + "}"));
        t.add(ok("with note and time", "{" + BASE + ",\"note\":\"card reported stolen\",\"labeledAt\":1704067200000}"));
        t.add(ok("null note and time", "{" + BASE + ",\"note\":null,\"labeledAt\":null}"));
        t.add(ok("integral time 1.7e12", "{" + BASE + ",\"labeledAt\":1.7e12}"));
        t.add(ok("note of 2000 characters", "{" + BASE + ",\"note\":\"" + "n".repeat(2000) + "\"}"));
        t.add(ok("id of 128 astral code points",
                "{" + BASE.replace("\"t-1\"", "\"" + "\uD83D\uDE00".repeat(128) + "\"") + "}"));
        t.add(bad("empty object", "{}"));
        t.add(bad("array", "[{" + BASE + "}]"));
        t.add(bad("missing label", "{\"transactionId\":\"t-1\",\"analystId\":\"ana\"}"));
        t.add(bad("missing analystId", "{\"transactionId\":\"t-1\",\"label\":\"FRAUD\"}"));
        t.add(bad("missing transactionId", "{\"label\":\"FRAUD\",\"analystId\":\"ana\"}"));
        t.add(bad("lower-case label", "{" + BASE.replace("FRAUD", "fraud") + "}"));
        t.add(bad("unknown label", "{" + BASE.replace("FRAUD", "MAYBE") + "}"));
        t.add(bad("null label", "{" + BASE.replace("\"FRAUD\"", "null") + "}"));
        t.add(bad("numeric id", "{" + BASE.replace("\"t-1\"", "7") + "}"));
        t.add(bad("empty analystId", "{" + BASE.replace("\"ana\"", "\"\"") + "}"));
        t.add(bad("blank analystId", "{" + BASE.replace("\"ana\"", "\" \\t\"") + "}"));
        t.add(bad("id of 129 characters", "{" + BASE.replace("\"t-1\"", "\"" + "x".repeat(129) + "\"") + "}"));
        t.add(bad("note of 2001 characters", "{" + BASE + ",\"note\":\"" + "n".repeat(2001) + "\"}"));
        t.add(bad("numeric note", "{" + BASE + ",\"note\":5}"));
        t.add(bad("negative time", "{" + BASE + ",\"labeledAt\":-1}"));
        t.add(bad("fractional time", "{" + BASE + ",\"labeledAt\":1.5}"));
        t.add(bad("time as text", "{" + BASE + ",\"labeledAt\":\"2024-01-01T00:00:00Z\"}"));
        t.add(bad("time above long max", "{" + BASE + ",\"labeledAt\":9223372036854775808}"));
        t.add(bad("unknown field", "{" + BASE + ",\"score\":0.9}"));
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldAcceptExactlyTheValidDocumentsWhenGivenFeedback(Case c) throws IOException {
        final Set<ValidationMessage> errors = FEEDBACK_V1.validate(STRICT.readTree(c.json()));

        assertThat(errors.isEmpty()).as("%s", errors).isEqualTo(c.valid());
    }

    @Test
    void shouldHaveBothValidAndInvalidCasesWhenTableIsBuilt() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(20).anyMatch(Case::valid).anyMatch(c -> !c.valid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/schemas/event_v1.json", "/schemas/dlq_v1.json", "/schemas/feedback_v1.json"})
    void shouldBeAValid2020_12SchemaWhenShipped(String resource) throws IOException {
        final JsonSchema meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(java.net.URI.create("https://json-schema.org/draft/2020-12/schema"));
        try (InputStream in = FeedbackSchemaTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            assertThat(meta.validate(STRICT.readTree(in))).isEmpty();
        }
    }

    private static Case ok(String name, String json) {
        return new Case(name, json, true);
    }

    private static Case bad(String name, String json) {
        return new Case(name, json, false);
    }

    private static JsonSchema schema(String resource) {
        try (InputStream in = FeedbackSchemaTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("%s on the classpath", resource).isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
