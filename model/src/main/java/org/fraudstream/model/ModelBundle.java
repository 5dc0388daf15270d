package org.fraudstream.model;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.JsonSerde;

/**
 * A trained model on disk: one directory holding {@value #MANIFEST_FILE} (provenance, threshold,
 * metrics: {@link BundleManifest}), {@value #SGD_FILE} (the logistic model), and for an ensemble
 * {@value #FOREST_FILE} (the Isolation Forest), {@value #AUTOENCODER_FILE} (the autoencoder) and
 * {@value #ENSEMBLE_FILE} (the {@link Stacker} that combines them), and optionally
 * {@value #REFERENCE_FILE} (the {@link DriftReference} that live traffic is compared with). JSON only.
 * A bundle without {@value #ENSEMBLE_FILE} is the SGD model alone; one without
 * {@value #REFERENCE_FILE} (made before it existed) scores all the same, with no drift to measure.
 *
 * <p>Loading refuses a bundle that was trained on another FEATURES_V1 (hash), or whose vectors do
 * not match it, with a message that names the file and the problem.
 */
public final class ModelBundle {

    public static final String MANIFEST_FILE = "manifest.json";
    public static final String SGD_FILE = "sgd.json";
    public static final String FOREST_FILE = "iforest.json";
    public static final String AUTOENCODER_FILE = "autoencoder.json";
    public static final String ENSEMBLE_FILE = "ensemble.json";
    public static final String REFERENCE_FILE = "reference.json";

    private static final ObjectWriter WRITER = JsonSerde.MAPPER.writerWithDefaultPrettyPrinter();
    // NaN/Infinity are read (and then rejected with a precise message) rather than failing as bad JSON
    private static final ObjectReader MANIFEST_READER = JsonSerde.MAPPER.readerFor(BundleManifest.class)
            .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);
    private static final ObjectReader SGD_READER = JsonSerde.MAPPER.readerFor(SgdFile.class)
            .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);

    private final BundleManifest manifest;
    private final LogisticModel sgd;
    private final IsolationForestModel forest;
    private final AutoencoderModel autoencoder;
    private final Stacker stacker;
    private final EnsembleScorer scorer;
    private final DriftReference reference;

    /** The SGD model alone. */
    public ModelBundle(BundleManifest manifest, LogisticModel sgd) {
        this(manifest, sgd, null, null, null);
    }

    /**
     * @param forest      the Isolation Forest, or {@code null} when the bundle has none
     * @param autoencoder the autoencoder, or {@code null} when the bundle has none
     * @param stacker     how the members combine (in the order sgd, iforest, autoencoder), or
     *                    {@code null} for the SGD model alone
     * @throws IllegalArgumentException when the manifest does not describe FEATURES_V1 as this build
     *                                  computes it, or a model does not fit it
     */
    public ModelBundle(BundleManifest manifest, LogisticModel sgd, IsolationForestModel forest,
                       AutoencoderModel autoencoder, Stacker stacker) {
        this(manifest, sgd, forest, autoencoder, stacker, null);
    }

    /**
     * @param reference the training distribution for drift, or {@code null} when there is none
     * @throws IllegalArgumentException as the other constructor, and when the reference was made for
     *                                  other features than the manifest's
     */
    public ModelBundle(BundleManifest manifest, LogisticModel sgd, IsolationForestModel forest,
                       AutoencoderModel autoencoder, Stacker stacker, DriftReference reference) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.sgd = Objects.requireNonNull(sgd, "sgd");
        checkManifest(manifest);
        if (sgd.size() != FeaturesV1.SIZE) {
            throw new IllegalArgumentException("model has " + sgd.size() + " weights, FEATURES_V1 has "
                    + FeaturesV1.SIZE + " features");
        }
        if (forest != null && !FeaturesV1.NAMES.equals(forest.featureNames())) {
            throw new IllegalArgumentException("the Isolation Forest's featureNames differ from FEATURES_V1");
        }
        if (autoencoder != null && !FeaturesV1.NAMES.equals(autoencoder.featureNames())) {
            throw new IllegalArgumentException("the autoencoder's featureNames differ from FEATURES_V1");
        }
        this.forest = forest;
        this.autoencoder = autoencoder;
        final List<EnsembleMember> members = new ArrayList<>();
        members.add(new SgdMember(sgd, FeaturesV1.NAMES));
        if (forest != null) {
            members.add(new IsolationForestMember(forest));
        }
        if (autoencoder != null) {
            members.add(new AutoencoderMember(autoencoder));
        }
        this.stacker = stacker != null ? stacker : Stacker.only(List.of(SgdMember.NAME), SgdMember.NAME);
        this.scorer = new EnsembleScorer(members, this.stacker, manifest.modelVersion(), manifest.threshold());
        if (reference != null) {
            reference.check(manifest);
        }
        this.reference = reference;
    }

    /** This bundle with {@code drift} as its reference. */
    public ModelBundle withReference(DriftReference drift) {
        return new ModelBundle(manifest, sgd, forest, autoencoder, stacker, Objects.requireNonNull(drift, "drift"));
    }

    /** Loads the bundle in {@code dir}. */
    public static ModelBundle load(Path dir) throws ModelLoadException {
        if (!Files.exists(dir)) {
            throw new ModelLoadException("model bundle directory " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model bundle " + dir + " is not a directory");
        }
        return load(new OnDisk(dir));
    }

    /**
     * Loads a bundle from the bytes of its files, by file name ({@value #MANIFEST_FILE}, {@value #SGD_FILE},
     * ...; a name that is absent is a file that does not exist), exactly as {@link #load(Path)} reads a
     * directory. {@code origin} names the bundle in messages.
     */
    public static ModelBundle load(Map<String, byte[]> files, String origin) throws ModelLoadException {
        return load(new InMemory(Map.copyOf(files), Objects.requireNonNull(origin, "origin")));
    }

    private static ModelBundle load(Source src) throws ModelLoadException {
        final BundleManifest manifest = read(src, MANIFEST_FILE, MANIFEST_READER);
        try {
            checkManifest(manifest);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("model bundle " + src.where(MANIFEST_FILE) + ": "
                    + JsonFiles.limit(e.getMessage()), e);
        }
        final SgdFile file = read(src, SGD_FILE, SGD_READER);
        final LogisticModel sgd;
        try {
            sgd = toModel(file);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("model bundle " + src.where(SGD_FILE) + ": " + JsonFiles.limit(e.getMessage()),
                    e);
        }
        final DriftReference reference = src.has(REFERENCE_FILE) ? checked(src.where(REFERENCE_FILE),
                JsonFiles.read(src.bytes(REFERENCE_FILE), src.where(REFERENCE_FILE), DriftReference.class), manifest)
                : null;
        if (!src.has(ENSEMBLE_FILE)) {
            return construct(src, manifest, sgd, null, null, null, reference);
        }
        final Stacker stacker = member(src, ENSEMBLE_FILE, Stacker.class);
        final IsolationForestModel forest = stacker.members().contains(IsolationForest.MODEL_NAME)
                ? member(src, FOREST_FILE, IsolationForestModel.class) : null;
        final AutoencoderModel autoencoder = stacker.members().contains(Autoencoder.MODEL_NAME)
                ? member(src, AUTOENCODER_FILE, AutoencoderModel.class) : null;
        return construct(src, manifest, sgd, forest, autoencoder, stacker, reference);
    }

    private static <T> T member(Source src, String name, Class<T> type) throws ModelLoadException {
        if (!src.has(name)) {
            throw new ModelLoadException("model file " + src.where(name) + " does not exist");
        }
        return JsonFiles.read(src.bytes(name), src.where(name), type);
    }

    /** Where the files of a bundle come from: a directory, or bytes in memory (tests, fuzzing). */
    private interface Source {
        boolean has(String name);

        byte[] bytes(String name) throws ModelLoadException;

        /** The file as messages name it. */
        String where(String name);

        /** The bundle as messages name it. */
        String bundle();
    }

    private record OnDisk(Path dir) implements Source {
        @Override
        public boolean has(String name) {
            return Files.isRegularFile(dir.resolve(name));
        }

        @Override
        public byte[] bytes(String name) throws ModelLoadException {
            return JsonFiles.bytes(dir.resolve(name));
        }

        @Override
        public String where(String name) {
            return dir.resolve(name).toString();
        }

        @Override
        public String bundle() {
            return dir.toString();
        }
    }

    private record InMemory(Map<String, byte[]> files, String origin) implements Source {
        @Override
        public boolean has(String name) {
            return files.containsKey(name);
        }

        @Override
        public byte[] bytes(String name) {
            return files.get(name);
        }

        @Override
        public String where(String name) {
            return origin + "/" + name;
        }

        @Override
        public String bundle() {
            return origin;
        }
    }

    private static DriftReference checked(String file, DriftReference reference, BundleManifest manifest)
            throws ModelLoadException {
        try {
            reference.check(manifest);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("model bundle " + file + ": " + JsonFiles.limit(e.getMessage()), e);
        }
        return reference;
    }

    private static ModelBundle construct(Source src, BundleManifest manifest, LogisticModel sgd,
            IsolationForestModel forest, AutoencoderModel autoencoder, Stacker stacker, DriftReference reference)
            throws ModelLoadException {
        try {
            return new ModelBundle(manifest, sgd, forest, autoencoder, stacker, reference);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("model bundle " + src.bundle() + ": " + JsonFiles.limit(e.getMessage()), e);
        }
    }

    /**
     * Writes the bundle as directory {@code dir}: into a new sibling directory first, which then
     * replaces {@code dir}, so a failure half-way never leaves a half-written bundle behind.
     */
    public void save(Path dir) throws IOException {
        final Path target = dir.toAbsolutePath();
        Files.createDirectories(target.getParent());
        final Path tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".tmp-");
        try {
            if (Files.getFileAttributeView(tmp, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                // a temp dir is private (rwx------); a bundle is read by services that may run as other users
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            write(tmp, SGD_FILE, SgdFile.of(sgd, manifest.featureNames()));
            if (forest != null) {
                forest.write(tmp.resolve(FOREST_FILE));
            }
            if (autoencoder != null) {
                autoencoder.write(tmp.resolve(AUTOENCODER_FILE));
            }
            write(tmp, ENSEMBLE_FILE, stacker);
            if (reference != null) {
                write(tmp, REFERENCE_FILE, reference);
            }
            write(tmp, MANIFEST_FILE, manifest);
            replace(tmp, target);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Moves {@code tmp} to {@code target}, first moving aside whatever was there. */
    private static void replace(Path tmp, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public LogisticModel sgd() {
        return sgd;
    }

    /** The scorer of this bundle: the ensemble (or the SGD model alone), its threshold and model version. */
    public Scorer scorer() {
        return scorer;
    }

    /** The same scorer, typed: its members and stacker (evaluation, online updates). */
    public EnsembleScorer ensemble() {
        return scorer;
    }

    /** The Isolation Forest, or {@code null} when the bundle has none. */
    public IsolationForestModel forest() {
        return forest;
    }

    /** The autoencoder, or {@code null} when the bundle has none. */
    public AutoencoderModel autoencoder() {
        return autoencoder;
    }

    public Stacker stacker() {
        return stacker;
    }

    /** The training distribution that live traffic is compared with; empty for a bundle without one. */
    public java.util.Optional<DriftReference> reference() {
        return java.util.Optional.ofNullable(reference);
    }

    private static void checkManifest(BundleManifest m) {
        if (!FeaturesV1.VERSION.equals(m.featuresVersion())) {
            throw new IllegalArgumentException("trained on features " + cut(m.featuresVersion())
                    + ", this build serves " + FeaturesV1.VERSION);
        }
        if (!FeaturesV1.HASH.equals(m.featuresHash())) {
            throw new IllegalArgumentException("trained on a different FEATURES_V1: its featuresHash is "
                    + cut(m.featuresHash()) + " but this build's FEATURES_V1 hash is " + FeaturesV1.HASH
                    + " (the feature code changed since training; retrain the model)");
        }
        if (!FeaturesV1.NAMES.equals(m.featureNames())) {
            throw new IllegalArgumentException(featureNamesDiffer(m.featureNames()));
        }
        for (String excluded : m.excludedFeatures()) {
            if (!FeaturesV1.NAMES.contains(excluded)) {
                throw new IllegalArgumentException("excludedFeatures names an unknown feature: " + cut(excluded));
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
            throw new IllegalArgumentException(featureNamesDiffer(f.featureNames()));
        }
        requireLength("weights", f.weights());
        requireLength("mean", f.mean());
        requireLength("scale", f.scale());
        if (f.bias() == null) {
            throw new IllegalArgumentException("bias is missing");
        }
        return new LogisticModel(f.weights(), f.bias(), f.mean(), f.scale());
    }

    /**
     * How {@code names} differ from FEATURES_V1, in one short line: the counts and the first position that
     * differs (the lists themselves can be long, and a corrupted one longer still).
     */
    static String featureNamesDiffer(List<String> names) {
        final List<String> expected = FeaturesV1.NAMES;
        int i = 0;
        while (i < names.size() && i < expected.size() && expected.get(i).equals(names.get(i))) {
            i++;
        }
        final String got = i < names.size() ? "'" + cut(names.get(i)) + "'" : "nothing";
        final String want = i < expected.size() ? "'" + expected.get(i) + "'" : "nothing";
        return "featureNames differ from FEATURES_V1 (" + names.size() + " names, FEATURES_V1 has " + expected.size()
                + "): at [" + i + "] " + got + " where FEATURES_V1 has " + want;
    }

    private static String cut(String s) {
        return s == null ? "null" : s.length() <= 100 ? s : s.substring(0, 100) + "...";
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

    private static <T> T read(Source src, String name, ObjectReader reader) throws ModelLoadException {
        if (!src.has(name)) {
            throw new ModelLoadException("model bundle " + src.bundle() + " has no " + name);
        }
        return JsonFiles.read(src.bytes(name), src.where(name), reader);
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
