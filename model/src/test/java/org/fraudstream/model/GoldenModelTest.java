package org.fraudstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A small bundle checked in under {@code src/test/resources/golden} must load and score the fixed
 * vectors of {@code expected-scores.json} as the code that made it did, so that a change of the
 * bundle format or of the scoring math is a deliberate act. To make a new golden bundle on purpose:
 * {@code mvn -pl model test -Dtest=GoldenModelTest -Dgolden.regenerate=true}, and review the diff.
 */
class GoldenModelTest {

    private static final Path SOURCE_DIR = Path.of("src", "test", "resources", "golden");
    private static final double TOLERANCE = 1e-7;

    record Expected(double[] features, double score, List<String> reasonFeatures) {
    }

    @Test
    void shouldScoreGoldenVectorsAsWhenTheBundleWasMade() throws Exception {
        final ModelBundle bundle = ModelBundle.load(resource("golden/bundle"));
        assertThat(bundle.ensemble().members()).extracting(EnsembleMember::name)
                .containsExactly("sgd", "iforest", "autoencoder");
        final JsonNode expected = JsonSerde.MAPPER.readTree(resource("golden/expected-scores.json").toFile());

        assertThat(expected.size()).isGreaterThanOrEqualTo(5);
        for (JsonNode node : expected) {
            final Expected e = JsonSerde.MAPPER.treeToValue(node, Expected.class);
            final Score s = bundle.scorer().score(e.features());
            assertThat(s.value()).isCloseTo(e.score(), within(TOLERANCE));
            assertThat(s.reasons()).extracting(Reason::feature).containsExactlyElementsOf(e.reasonFeatures());
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "golden.regenerate", matches = "true")
    void regenerate() throws IOException {
        final Synthetic data = Synthetic.generate(3_000, 11L);
        final SgdParams params = new SgdParams(2, 0.1, 1, 42L, 0.0);
        final LogisticModel sgd = new SgdTrainer(params).fit(data.x, data.y, new int[0]);
        // small members keep the checked-in files small; the format and the math are what is pinned
        final IsolationForestModel forest = new IsolationForestTrainer(IsolationForestParams.defaults(42L)
                .withNumTrees(10).withSubsample(64)).fit(data.x, FeaturesV1.NAMES, new int[0]);
        final AutoencoderModel autoencoder = new AutoencoderTrainer(AutoencoderParams.defaults(42L).withEpochs(2)
                .withHiddenSizes(List.of(4))).fit(data.x, FeaturesV1.NAMES, new int[0]);
        final List<EnsembleMember> members = List.of(new SgdMember(sgd, FeaturesV1.NAMES),
                new IsolationForestMember(forest), new AutoencoderMember(autoencoder));
        final double[][] outputs = new double[data.x.length][];
        for (int i = 0; i < outputs.length; i++) {
            final double[] x = data.x[i];
            outputs[i] = members.stream().mapToDouble(m -> m.output(x)).toArray();
        }
        final Stacker stacker = Stacker.fit(members.stream().map(EnsembleMember::name).toList(), outputs, data.y, 1e-4);
        final Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("epochs", params.epochs());
        parameters.put("learningRate", params.learningRate());
        parameters.put("data", "Synthetic.generate(3000, 11)");
        final BundleManifest manifest = new BundleManifest("ens-golden-2", FeaturesV1.VERSION, FeaturesV1.HASH,
                FeaturesV1.NAMES, List.of(), 0.5, 0.005, 42L, "0".repeat(64), "2025-01-01T00:00:00Z", "golden",
                parameters, Map.of("roc_auc", Metrics.rocAuc(data.scores(sgd), data.y)));
        final ModelBundle bundle = new ModelBundle(manifest, sgd, forest, autoencoder, stacker);
        bundle.save(SOURCE_DIR.resolve("bundle"));

        final List<Expected> expected = new ArrayList<>();
        final Synthetic probes = Synthetic.generate(8, 99L);
        for (double[] x : probes.x) {
            final Score s = bundle.scorer().score(x);
            expected.add(new Expected(x, s.value(), s.reasons().stream().map(Reason::feature).toList()));
        }
        JsonSerde.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValue(SOURCE_DIR.resolve("expected-scores.json").toFile(), expected);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(GoldenModelTest.class.getClassLoader().getResource(name),
                name + " is not on the test class path").toURI());
    }

}
