package org.fraudstream.updater;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.model.ModelUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * model_update_v1.json and {@link ModelUpdate} are two statements of one contract: what the updater
 * writes validates, and the reader and the schema accept and reject the same documents (except
 * where JSON Schema cannot say it, e.g. that the vectors are as long as the feature names).
 */
class ModelUpdateSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = schema("/schemas/model_update_v1.json");

    record Case(String name, Consumer<ObjectNode> edit, boolean valid) {
        @Override
        public String toString() {
            return (valid ? "valid: " : "invalid: ") + name;
        }
    }

    private static ModelUpdate online() {
        return new ModelUpdate("sgd-online-7-0a1b2c3d", "sgd-online-6-99887766", "2026-01-01T12:00:00.123Z",
                FeaturesV1.VERSION, FeaturesV1.HASH, FeaturesV1.NAMES, ModelUpdate.Sgd.of(TestData.untrained()), 256,
                new ModelUpdate.Gate(ModelUpdate.Metric.PR_AUC, 0.61, 0.6, 2000));
    }

    static List<Case> cases() {
        final List<Case> t = new ArrayList<>();
        t.add(new Case("as written", j -> { }, true));
        t.add(new Case("a root: parentVersion null, gate none",
                j -> {
                    j.putNull("parentVersion");
                    gate(j).put("metric", "none").putNull("candidate").putNull("current");
                }, true));
        t.add(new Case("an extra field (a newer writer)", j -> j.put("trainedBy", "x"), true));
        t.add(new Case("no gate", j -> j.remove("gate"), false));
        t.add(new Case("no parentVersion key", j -> j.remove("parentVersion"), false));
        t.add(new Case("unknown metric", j -> gate(j).put("metric", "auc"), false));
        t.add(new Case("gate none with values", j -> gate(j).put("metric", "none"), false));
        t.add(new Case("log_loss without values", j -> gate(j).put("metric", "log_loss").putNull("candidate"), false));
        t.add(new Case("version with a space", j -> j.put("version", "sgd online"), false));
        t.add(new Case("version starting with a dot", j -> j.put("version", ".hidden"), false));
        t.add(new Case("createdAt not a time", j -> j.put("createdAt", "yesterday"), false));
        t.add(new Case("a zero scale", j -> ((com.fasterxml.jackson.databind.node.ArrayNode) j.get("sgd").get("scale"))
                .set(0, JSON.getNodeFactory().numberNode(0.0)), false));
        t.add(new Case("negative labelsUsed", j -> j.put("labelsUsed", -1), false));
        t.add(new Case("labelsUsed missing", j -> j.remove("labelsUsed"), false));
        t.add(new Case("bias null", j -> ((ObjectNode) j.get("sgd")).putNull("bias"), false));
        t.add(new Case("createdAt with an offset", j -> j.put("createdAt", "2026-01-01T12:00:00+01:00"), false));
        t.add(new Case("createdAt without seconds", j -> j.put("createdAt", "2026-01-01T12:00Z"), false));
        t.add(new Case("holdoutSize as a string", j -> gate(j).put("holdoutSize", "2000"), false));
        t.add(new Case("bias as a string", j -> ((ObjectNode) j.get("sgd")).put("bias", "0.1"), false));
        t.add(new Case("duplicate feature names", j -> ((com.fasterxml.jackson.databind.node.ArrayNode)
                j.get("featureNames")).set(1, JSON.getNodeFactory().textNode(FeaturesV1.NAMES.get(0))), false));
        return t;
    }

    private static ObjectNode gate(ObjectNode j) {
        return (ObjectNode) j.get("gate");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldAgreeWithTheReaderWhenGivenADocument(Case c) throws IOException {
        final ObjectNode json = (ObjectNode) JSON.readTree(online().toBytes());
        c.edit().accept(json);

        final List<String> schemaErrors = SCHEMA.validate(json).stream().map(ValidationMessage::getMessage).toList();
        boolean readerAccepts;
        try {
            ModelUpdate.fromBytes(JSON.writeValueAsBytes(json));
            readerAccepts = true;
        } catch (IllegalArgumentException e) {
            readerAccepts = false;
        }

        assertThat(schemaErrors.isEmpty()).as("schema: %s", schemaErrors).isEqualTo(c.valid());
        assertThat(readerAccepts).as("reader").isEqualTo(c.valid());
    }

    @Test
    void shouldValidateWhatTheUpdaterAndTheRollbackWrite() throws IOException {
        final ModelUpdate root = TestBundles.base().root();
        final ModelUpdate rollback = ModelCommand.rollbackOf(online(), Instant.parse("2026-02-01T00:00:00Z"));

        for (ModelUpdate u : List.of(online(), root, rollback)) {
            final JsonNode json = JSON.readTree(u.toBytes());
            assertThat(SCHEMA.validate(json)).as(u.version()).isEmpty();
        }
    }

    @Test
    void shouldLeaveTheVectorLengthsToTheReaderWhenTheSchemaCannotSayIt() throws IOException {
        final ObjectNode json = (ObjectNode) JSON.readTree(online().toBytes());
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("sgd").get("mean")).remove(0);

        assertThat(SCHEMA.validate(json)).isEmpty();
        final byte[] bytes = JSON.writeValueAsBytes(json);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ModelUpdate.fromBytes(bytes)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same non-zero length");
    }

    private static JsonSchema schema(String resource) {
        try (InputStream in = ModelUpdateSchemaTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("%s on the test classpath", resource).isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
