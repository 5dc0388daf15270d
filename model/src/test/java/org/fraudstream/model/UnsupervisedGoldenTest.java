package org.fraudstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Small isolation forest and autoencoder files checked in under {@code src/test/resources/golden}
 * must load and score the fixed vectors of {@code unsupervised-expected.json} as the code that made
 * them did, so that a change of either format or of the scoring math is a deliberate act. To make
 * new golden files on purpose: {@code mvn -pl model test -Dtest=UnsupervisedGoldenTest
 * -Dgolden.regenerate=true}, and review the diff.
 */
class UnsupervisedGoldenTest {

    private static final Path SOURCE_DIR = Path.of("src", "test", "resources", "golden");
    private static final double TOLERANCE = 1e-7;
    private static final int D = 4;
    private static final int REASONS = 2;

    record Expected(double[] features, double iforestScore, List<String> iforestReasons, double autoencoderError,
            List<String> autoencoderReasons) {
    }

    @Test
    void shouldScoreGoldenVectorsAsWhenTheModelsWereMade() throws Exception {
        final IsolationForest forest = new IsolationForest(IsolationForestModel.read(resource("golden/iforest.json")));
        final Autoencoder ae = new Autoencoder(AutoencoderModel.read(resource("golden/autoencoder.json")));
        final JsonNode expected = JsonSerde.MAPPER.readTree(resource("golden/unsupervised-expected.json").toFile());

        assertThat(expected.size()).isGreaterThanOrEqualTo(5);
        for (JsonNode node : expected) {
            final Expected e = JsonSerde.MAPPER.treeToValue(node, Expected.class);
            assertThat(forest.score(e.features())).isCloseTo(e.iforestScore(), within(TOLERANCE));
            assertThat(features(forest.reasons(e.features(), REASONS))).isEqualTo(e.iforestReasons());
            assertThat(ae.reconstructionError(e.features())).isCloseTo(e.autoencoderError(), within(TOLERANCE));
            assertThat(features(ae.reasons(e.features(), REASONS))).isEqualTo(e.autoencoderReasons());
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "golden.regenerate", matches = "true")
    void regenerate() throws IOException {
        final double[][] rows = Blobs.normal(600, D, 11L);
        final IsolationForestModel iforest = new IsolationForestTrainer(new IsolationForestParams(8, 32, 0, 42L))
                .fit(rows, Blobs.names(D), null);
        final AutoencoderModel autoencoder = new AutoencoderTrainer(AutoencoderParams.defaults(42L).withEpochs(3)
                .withHiddenSizes(List.of(2))).fit(rows, Blobs.names(D), null);
        iforest.write(SOURCE_DIR.resolve("iforest.json"));
        autoencoder.write(SOURCE_DIR.resolve("autoencoder.json"));

        final IsolationForest forest = new IsolationForest(iforest);
        final Autoencoder ae = new Autoencoder(autoencoder);
        final List<Expected> expected = new ArrayList<>();
        final double[][] probes = Blobs.outliers(8, D, 3.0, 99L);
        for (double[] x : probes) {
            expected.add(new Expected(x, forest.score(x), features(forest.reasons(x, REASONS)),
                    ae.reconstructionError(x), features(ae.reasons(x, REASONS))));
        }
        JsonSerde.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValue(SOURCE_DIR.resolve("unsupervised-expected.json").toFile(), expected);
    }

    private static List<String> features(List<Reason> reasons) {
        return reasons.stream().map(Reason::feature).toList();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(UnsupervisedGoldenTest.class.getClassLoader().getResource(name),
                name + " is not on the test class path").toURI());
    }
}
