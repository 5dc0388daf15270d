package org.fraudstream.local;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where a local run keeps its broker data, state, model and logs: never the source tree. */
public final class WorkDir {

    /** System property read by logback.xml for the log file location. */
    public static final String PROPERTY = "fraud.work.dir";

    private WorkDir() {
    }

    /**
     * Fixes this run's work dir once, before logging starts: {@code $FRAUD_WORK_DIR}, else a fresh
     * directory under the system temp dir named after the command.
     */
    public static void init(String command) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, resolve(command).toString());
        }
    }

    /** The work dir fixed by {@link #init}. */
    public static Path current() {
        final String dir = System.getProperty(PROPERTY);
        return dir != null ? Path.of(dir) : resolve("run");
    }

    private static Path resolve(String command) {
        final String fromEnv = System.getenv("FRAUD_WORK_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        final String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of(System.getProperty("java.io.tmpdir"), "fraud-" + command + "-" + stamp).toAbsolutePath();
    }
}
