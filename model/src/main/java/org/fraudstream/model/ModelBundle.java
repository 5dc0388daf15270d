package org.fraudstream.model;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.JsonSerde;

/**
 * A trained model on disk: one directory holding {@value #MANIFEST_FILE} (provenance, threshold,
 * metrics: {@link BundleManifest}) and {@value #SGD_FILE} (the logistic model). JSON only.
 *
 * <p>Loading refuses a bundle that was trained on another FEATURES_V1 (hash), or whose vectors do
 * not match it, with a message that names the file and the problem.
 */
public final class ModelBundle {

    public static final String MANIFEST_FILE = "manifest.json";
    public static final String SGD_FILE = "sgd.json";

    private static final ObjectWriter WRITER = JsonSerde.MAPPER.writerWithDefaultPrettyPrinter();
    // NaN/Infinity are read (and then rejected with a precise message) rather than failing as bad JSON
    private static final ObjectReader MANIFEST_READER = JsonSerde.MAPPER.readerFor(BundleManifest.class)
            .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);
    private static final ObjectReader SGD_READER = JsonSerde.MAPPER.readerFor(SgdFile.class)
            .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);

    private final BundleManifest manifest;
    private final LogisticModel sgd;
    private final Scorer scorer;

    /**
     * @throws IllegalArgumentException when the manifest does not describe FEATURES_V1 as this build
     *                                  computes it, or the model does not fit it
     */
    public ModelBundle(BundleManifest manifest, LogisticModel sgd) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.sgd = Objects.requireNonNull(sgd, "sgd");
        checkManifest(manifest);
        if (sgd.size() != FeaturesV1.SIZE) {
            throw new IllegalArgumentException("model has " + sgd.size() + " weights, FEATURES_V1 has "
                    + FeaturesV1.SIZE + " features");
        }
        this.scorer = new LogisticScorer(sgd, manifest.modelVersion(), manifest.threshold());
    }

    /** Loads the bundle in {@code dir}. */
    public static ModelBundle load(Path dir) throws ModelLoadException {
        if (!Files.exists(dir)) {
            throw new ModelLoadException("model bundle directory " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model bundle " + dir + " is not a directory");
        }
        final BundleManifest manifest = read(dir, MANIFEST_FILE, MANIFEST_READER);
        try {
            checkManifest(manifest);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("model bundle " + dir.resolve(MANIFEST_FILE) + ": " + e.getMessage(), e);
        }
        final SgdFile file = read(dir, SGD_FILE, SGD_READER);
        try {
            return new ModelBundle(manifest, toModel(file));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("model bundle " + dir.resolve(SGD_FILE) + ": " + e.getMessage(), e);
        }
    }

    /** Writes the bundle into {@code dir} (created if needed); the manifest is written last. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        write(dir, SGD_FILE, SgdFile.of(sgd, manifest.featureNames()));
        write(dir, MANIFEST_FILE, manifest);
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public LogisticModel sgd() {
        return sgd;
    }

    /** The scorer of this bundle: SGD probability, its threshold and model version, "sgd" reasons. */
    public Scorer scorer() {
        return scorer;
    }

    private static void checkManifest(BundleManifest m) {
        if (!FeaturesV1.VERSION.equals(m.featuresVersion())) {
            throw new IllegalArgumentException("trained on features " + m.featuresVersion() + ", this build serves "
                    + FeaturesV1.VERSION);
        }
        if (!FeaturesV1.HASH.equals(m.featuresHash())) {
            throw new IllegalArgumentException("trained on a different FEATURES_V1: its featuresHash is "
                    + m.featuresHash() + " but this build's FEATURES_V1 hash is " + FeaturesV1.HASH
                    + " (the feature code changed since training; retrain the model)");
        }
        if (!FeaturesV1.NAMES.equals(m.featureNames())) {
            throw new IllegalArgumentException("featureNames " + m.featureNames() + " differ from FEATURES_V1 "
                    + FeaturesV1.NAMES);
        }
        for (String excluded : m.excludedFeatures()) {
            if (!FeaturesV1.NAMES.contains(excluded)) {
                throw new IllegalArgumentException("excludedFeatures names an unknown feature: " + excluded);
            }
        }
        if (!(m.threshold() >= 0.0 && m.threshold() <= 1.0)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], was " + m.threshold());
        }
    }

    private static LogisticModel toModel(SgdFile f) {
        if (!SgdFile.FORMAT.equals(f.format())) {
            throw new IllegalArgumentException("format is " + f.format() + ", expected " + SgdFile.FORMAT);
        }
        if (f.featureNames() != null && !FeaturesV1.NAMES.equals(f.featureNames())) {
            throw new IllegalArgumentException("featureNames " + f.featureNames() + " differ from FEATURES_V1 "
                    + FeaturesV1.NAMES);
        }
        requireLength("weights", f.weights());
        requireLength("mean", f.mean());
        requireLength("scale", f.scale());
        if (f.bias() == null) {
            throw new IllegalArgumentException("bias is missing");
        }
        return new LogisticModel(f.weights(), f.bias(), f.mean(), f.scale());
    }

    private static void requireLength(String name, double[] values) {
        if (values == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        if (values.length != FeaturesV1.SIZE) {
            throw new IllegalArgumentException(name + " has " + values.length + " values, expected "
                    + FeaturesV1.SIZE + " (one per FEATURES_V1 feature)");
        }
    }

    private static <T> T read(Path dir, String name, ObjectReader reader) throws ModelLoadException {
        final Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("model bundle " + dir + " has no " + name);
        }
        final T value;
        try {
            value = reader.readValue(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + " as JSON: " + e.getMessage(), e);
        }
        if (value == null) {
            throw new ModelLoadException("cannot read " + file + ": it holds no JSON object");
        }
        return value;
    }

    private static void write(Path dir, String name, Object value) throws IOException {
        // write beside, then move: a reader never sees half a file (default permissions, unlike a temp file)
        final Path tmp = dir.resolve(name + ".tmp");
        try {
            WRITER.writeValue(tmp.toFile(), value);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
