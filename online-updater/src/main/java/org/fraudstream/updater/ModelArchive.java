package org.fraudstream.updater;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.model.ModelUpdate;
import org.fraudstream.updater.internals.ModelFeed;

/**
 * Every model version the updater published or adopted, one model_update_v1 JSON file per version
 * ({@code <dir>/<version>.json}), so that {@code fraud model rollback} can bring any of them back.
 * Files are written beside and moved into place: a reader never sees half a file.
 */
public final class ModelArchive {

    private static final String SUFFIX = ".json";
    private static final ObjectWriter PRETTY = JsonSerde.MAPPER.writerFor(ModelUpdate.class)
            .withDefaultPrettyPrinter();

    private final Path dir;

    public ModelArchive(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The file of {@code version}. */
    public Path file(String version) {
        return dir.resolve(version + SUFFIX);
    }

    /** Writes {@code u} (replacing a file of the same version: a version's content never changes). */
    public void save(ModelUpdate u) {
        try {
            Files.createDirectories(dir);
            final Path tmp = dir.resolve(u.version() + SUFFIX + ".tmp");
            try {
                PRETTY.writeValue(tmp.toFile(), u);
                Files.move(tmp, file(u.version()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model version " + u.version() + " to " + dir, e);
        }
    }

    /** Writes {@code u} unless its version is already there. */
    public void saveIfAbsent(ModelUpdate u) {
        if (!Files.exists(file(u.version()))) {
            save(u);
        }
    }

    /** The version {@code version}, if archived. */
    public Optional<ModelUpdate> load(String version) {
        try {
            return Optional.of(ModelUpdate.fromBytes(Files.readAllBytes(file(version))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(version), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file(version) + ": " + e.getMessage(), e);
        }
    }

    /** Every archived version, oldest first (by createdAt, then name). */
    public List<ModelUpdate> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        final List<ModelUpdate> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))::iterator) {
                final String name = f.getFileName().toString();
                load(name.substring(0, name.length() - SUFFIX.length())).ifPresent(all::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        all.sort(Comparator.comparing((ModelUpdate u) -> Instant.parse(u.createdAt()))
                .thenComparing(ModelUpdate::version));
        return all;
    }

    /** The highest {@code n} of the archived {@code sgd-online-<n>-<hash>} versions (from the file names). */
    public OptionalLong highestOnlineNumber() {
        if (!Files.isDirectory(dir)) {
            return OptionalLong.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .map(n -> onlineNumber(n.substring(0, n.length() - SUFFIX.length())))
                    .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).max();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** {@code n} of {@code sgd-online-<n>-<hash>}; empty for any other version. */
    public static OptionalLong onlineNumber(String version) {
        final String prefix = ModelFeed.ONLINE_PREFIX;
        if (version == null || !version.startsWith(prefix)) {
            return OptionalLong.empty();
        }
        final int dash = version.indexOf('-', prefix.length());
        final int end = dash < 0 ? version.length() : dash;
        try {
            return OptionalLong.of(Long.parseLong(version.substring(prefix.length(), end)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
