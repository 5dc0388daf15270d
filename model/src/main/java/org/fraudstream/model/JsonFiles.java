package org.fraudstream.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
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
        return read(bytes(file), file.toString(), type);
    }

    /** The whole file; a file that cannot be read is a {@link ModelLoadException} naming it. */
    static byte[] bytes(Path file) throws ModelLoadException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code json}, the content of the file named {@code where} (for messages). */
    static <T> T read(byte[] json, String where, Class<T> type) throws ModelLoadException {
        // NaN/Infinity are read (and then rejected with a precise message) rather than failing as bad JSON
        return read(json, where, JsonSerde.MAPPER.readerFor(type).with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS));
    }

    /**
     * Reads {@code json} with {@code reader}. A record's own validation message is passed on as it is;
     * Jackson's is cut to its first line and location (not the source excerpt), and a file that ends
     * in the middle of its JSON is said to be truncated.
     */
    static <T> T read(byte[] json, String where, ObjectReader reader) throws ModelLoadException {
        final T value;
        try {
            value = reader.readValue(json);
        } catch (ValueInstantiationException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) {
                throw new ModelLoadException(where + ": " + limit(cause.getMessage()), cause);
            }
            throw new ModelLoadException("cannot read " + where + " as JSON: " + describe(e), e);
        } catch (JsonEOFException e) {
            throw new ModelLoadException("cannot read " + where + " as JSON: the file ends in the middle of the"
                    + " JSON (truncated?) after " + json.length + " bytes", e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + where + " as JSON: " + describe(e), e);
        } catch (RuntimeException e) { // a record constructor's unchecked failure that Jackson did not wrap
            throw new ModelLoadException("cannot read " + where + ": " + limit(String.valueOf(e)), e);
        }
        if (value == null) {
            throw new ModelLoadException("cannot read " + where + ": it holds no JSON object");
        }
        return value;
    }

    /** A message that quotes what a file holds is cut at 500 characters: the file can hold anything. */
    static String limit(String message) {
        return message == null || message.length() <= 500 ? message : message.substring(0, 500) + "...";
    }

    /** Jackson's message without the source excerpt, with the line and column when known. */
    private static String describe(IOException e) {
        if (e instanceof JsonProcessingException j) {
            final String msg = String.valueOf(j.getOriginalMessage()).lines().findFirst().orElse("");
            final JsonLocation at = j.getLocation();
            final String cut = msg.length() <= 300 ? msg : msg.substring(0, 300) + "...";
            return at == null ? cut : cut + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        }
        return String.valueOf(e.getMessage());
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
