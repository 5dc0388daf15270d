package org.fraudstream.model;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.fraudstream.contract.JsonSerde;

/**
 * Reads and writes the JSON model files whose records validate themselves in their constructors.
 * A validation failure comes back as a {@link ModelLoadException} that names the file and carries
 * the record's own message, not Jackson's wrapping of it.
 */
final class JsonFiles {

    private static final ObjectWriter WRITER = JsonSerde.MAPPER.writerWithDefaultPrettyPrinter();

    private JsonFiles() {
    }

    static <T> T read(Path file, Class<T> type) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("model file " + file + " does not exist");
        }
        // NaN/Infinity are read (and then rejected with a precise message) rather than failing as bad JSON
        final ObjectReader reader = JsonSerde.MAPPER.readerFor(type).with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);
        final T value;
        try {
            value = reader.readValue(file.toFile());
        } catch (ValueInstantiationException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) {
                throw new ModelLoadException(file + ": " + cause.getMessage(), cause);
            }
            throw new ModelLoadException("cannot read " + file + " as JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + " as JSON: " + e.getMessage(), e);
        }
        if (value == null) {
            throw new ModelLoadException("cannot read " + file + ": it holds no JSON object");
        }
        return value;
    }

    /** Writes beside, then moves: a reader never sees half a file. */
    static void write(Path file, Object value) throws IOException {
        final Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            WRITER.writeValue(tmp.toFile(), value);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
