package org.fraudstream.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fraudstream.contract.JsonSerde;

/**
 * Where a running {@code ./fraud up} can be reached: written by {@code up} once every service runs
 * (owner-only, since it holds the API key) and deleted when it stops; read by {@code ./fraud readiness}
 * so that it needs no options against a local stack.
 */
final class StackFile {

    static final Path DEFAULT = Path.of(System.getProperty("java.io.tmpdir"), "fraudstream-up.json");

    private StackFile() {
    }

    static void write(Path file, Readiness.Targets t, Path workDir) throws IOException {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("bootstrap_servers", t.bootstrapServers());
        m.put("scoring_url", t.scoringUrl());
        m.put("feedback_url", t.feedbackUrl());
        m.put("updater_url", t.updaterUrl());
        m.put("api_key", t.apiKey());
        m.put("work_dir", workDir.toString());
        m.put("pid", ProcessHandle.current().pid());
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The targets in {@code file}, or {@code null} when there is none. */
    static Readiness.Targets read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        final JsonNode n = JsonSerde.MAPPER.readTree(file.toFile());
        return new Readiness.Targets(n.path("scoring_url").asText(null), n.path("feedback_url").asText(null),
                n.path("updater_url").asText(null), n.path("bootstrap_servers").asText(null),
                n.path("api_key").asText(null));
    }
}
