package org.fraudstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fraudstream.contract.FeaturesV1;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

    @TempDir
    Path tmp;

    private Path saved() throws IOException {
        final Path dir = tmp.resolve("bundle");
        new ModelBundle(TestModels.manifest(), TestModels.varied()).save(dir);
        return dir;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from), to), StandardCharsets.UTF_8);
    }

    @Test
    void shouldScoreIdenticallyWhenSavedAndLoaded() throws Exception {
        final ModelBundle original = new ModelBundle(TestModels.manifest(), TestModels.varied());

        final ModelBundle loaded = ModelBundle.load(saved());

        assertThat(loaded.sgd()).isEqualTo(original.sgd());
        assertThat(loaded.manifest().modelVersion()).isEqualTo("sgd-test");
        assertThat(loaded.manifest().featuresHash()).isEqualTo(FeaturesV1.HASH);
        assertThat(loaded.manifest().metrics()).containsEntry("roc_auc", 0.97).containsEntry("pr_auc", null);
        assertThat(loaded.scorer().threshold()).isEqualTo(0.8);
        assertThat(loaded.scorer().modelVersion()).isEqualTo("sgd-test");
        for (int k = 0; k < 50; k++) {
            final double[] x = TestModels.vector(k * 0.37);
            assertThat(loaded.scorer().score(x)).isEqualTo(original.scorer().score(x));
        }
    }

    @Test
    void shouldWriteOnlyJsonFiles() throws IOException {
        try (var files = Files.list(saved())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(ModelBundle.MANIFEST_FILE, ModelBundle.SGD_FILE,
                            ModelBundle.ENSEMBLE_FILE);
        }
    }

    @Test
    void shouldFailWhenDirectoryIsMissing() {
        assertThatThrownBy(() -> ModelBundle.load(tmp.resolve("nope")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("does not exist").hasMessageContaining("nope");
    }

    @Test
    void shouldFailWhenAFileIsMissing() throws IOException {
        final Path dir = saved();
        Files.delete(dir.resolve(ModelBundle.SGD_FILE));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("has no sgd.json");
    }

    @Test
    void shouldFailNamingBothHashesWhenFeaturesHashDiffers() throws IOException {
        final String other = "0".repeat(64);
        final Path dir = tmp.resolve("old");
        final ModelBundle bundle = new ModelBundle(TestModels.manifest(), TestModels.varied());
        bundle.save(dir);
        edit(dir.resolve(ModelBundle.MANIFEST_FILE), FeaturesV1.HASH, other);

        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(other).hasMessageContaining(FeaturesV1.HASH).hasMessageContaining("featuresHash");
    }

    @Test
    void shouldRefuseToBuildABundleForAnotherFeaturesHash() {
        assertThatThrownBy(() -> new ModelBundle(TestModels.manifest("v", "f".repeat(64), 0.5), TestModels.varied()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("f".repeat(64));
    }

    @Test
    void shouldFailNamingTheWeightWhenAWeightIsNaN() throws IOException {
        final Path dir = saved();
        final double w3 = TestModels.varied().weights()[3];
        edit(dir.resolve(ModelBundle.SGD_FILE), String.valueOf(w3), "NaN");

        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("sgd.json").hasMessageContaining("weights[3]")
                .hasMessageContaining("NaN");
    }

    @Test
    void shouldFailNamingTheVectorWhenLengthIsWrong() throws IOException {
        final Path dir = saved();
        final double last = TestModels.varied().scale()[FeaturesV1.SIZE - 1];
        edit(dir.resolve(ModelBundle.SGD_FILE), ", " + last + " ]", " ]");

        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("scale has " + (FeaturesV1.SIZE - 1) + " values, expected " + FeaturesV1.SIZE);
    }

    @Test
    void shouldFailWhenJsonIsUnreadable() throws IOException {
        final Path dir = saved();
        Files.writeString(dir.resolve(ModelBundle.MANIFEST_FILE), "{ \"modelVersion\": ");

        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("cannot read")
                .hasMessageContaining(ModelBundle.MANIFEST_FILE);
    }

    @Test
    void shouldSayTheFileIsTruncatedWhenItEndsInTheMiddleOfTheJson() throws IOException {
        final Path dir = saved();
        final Path sgd = dir.resolve(ModelBundle.SGD_FILE);
        final byte[] whole = Files.readAllBytes(sgd);
        Files.write(sgd, java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(sgd.toString()).hasMessageContaining("truncated")
                .hasMessageContaining(whole.length / 2 + " bytes")
                .hasMessageNotContaining("Source:"); // no excerpt of Jackson's source description
    }

    @Test
    void shouldLoadTheSameBundleFromBytesAsFromItsDirectory() throws IOException, ModelLoadException {
        final Path dir = saved();
        final java.util.Map<String, byte[]> files = new java.util.HashMap<>();
        try (var list = Files.list(dir)) {
            for (Path f : list.toList()) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }

        final ModelBundle fromBytes = ModelBundle.load(files, "in-memory");

        final double[] x = TestModels.vector(0.37);
        assertThat(fromBytes.scorer().score(x)).isEqualTo(ModelBundle.load(dir).scorer().score(x));
        files.remove(ModelBundle.SGD_FILE);
        assertThatThrownBy(() -> ModelBundle.load(files, "in-memory"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("in-memory has no sgd.json");
    }

    @Test
    void shouldFailWhenFeatureNamesAreReordered() throws IOException {
        final Path dir = saved();
        edit(dir.resolve(ModelBundle.SGD_FILE), "\"type_cash_in\", \"type_cash_out\"",
                "\"type_cash_out\", \"type_cash_in\"");

        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("featureNames");
    }
}
