package org.fraudstream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** The repository's infrastructure files (docker-compose.yml, infra/), read for the checks. */
final class InfraFiles {

    static final String COMPOSE = "docker-compose.yml";
    static final String DEFAULTS_ENV = "infra/defaults.env";
    static final String PROMETHEUS = "infra/prometheus/prometheus.yml";
    static final String ALERTS = "infra/prometheus/alerts.yml";
    static final String ALERTS_TEST = "infra/prometheus/alerts_test.yml";
    static final String DASHBOARD = "infra/grafana/dashboards/realtime-fraud-overview.json";
    static final String DATASOURCE = "infra/grafana/provisioning/datasources/prometheus.yml";
    static final String DASHBOARD_PROVIDER = "infra/grafana/provisioning/dashboards/fraudstream.yml";

    private InfraFiles() {
    }

    /** The repository root: the first directory upwards from the working directory holding docker-compose.yml. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve(COMPOSE)) && Files.isDirectory(dir.resolve("infra"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no " + COMPOSE + " above " + Path.of("").toAbsolutePath());
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML file as maps and lists (merge keys and anchors resolved). */
    static Map<String, Object> yaml(String relative) {
        return new Yaml().load(read(relative));
    }

    /** KEY=VALUE lines; blank lines and # comments skipped; a line of another shape is an error. */
    static Map<String, String> env(String relative) {
        final Map<String, String> env = new LinkedHashMap<>();
        final String[] lines = read(relative).split("\n");
        for (int i = 0; i < lines.length; i++) {
            final String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final int eq = line.indexOf('=');
            if (eq < 1 || !line.substring(0, eq).matches("[A-Z][A-Z0-9_]*")) {
                throw new IllegalArgumentException(relative + ":" + (i + 1) + ": not KEY=VALUE: " + line);
            }
            if (env.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
                throw new IllegalArgumentException(relative + ":" + (i + 1) + ": " + line.substring(0, eq) + " twice");
            }
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new AssertionError(what + " is not a mapping: " + o);
        }
        return (Map<String, Object>) o;
    }

    static List<Object> list(Object o, String what) {
        if (!(o instanceof List<?> l)) {
            throw new AssertionError(what + " is not a list: " + o);
        }
        return new ArrayList<>(l);
    }
}
