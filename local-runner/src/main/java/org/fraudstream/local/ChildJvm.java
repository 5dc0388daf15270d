package org.fraudstream.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A service of the suite in a JVM of its own: same java, same classpath as this one, its output in a
 * log file. The chaos benchmarks use it to kill a process the way a crash does ({@link #kill}: SIGKILL,
 * no shutdown hooks, nothing flushed) or to stop it the way an operator does ({@link #stop}: SIGTERM).
 */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Path log;
    private final Process process;
    /** Size of the log when this process started: its own output comes after. */
    private final long logStart;

    private ChildJvm(String name, Path log, Process process, long logStart) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.logStart = logStart;
    }

    /**
     * Starts {@code mainClass} with {@code args} in a new JVM.
     *
     * @param name     what the process is, for messages
     * @param jvmOpts  options before the class name, e.g. {@code -Xmx1g}
     * @param env      added to (and overriding) this process's environment
     * @param log      stdout and stderr, appended, so that restarts keep earlier runs' lines
     */
    public static ChildJvm start(String name, String mainClass, List<String> jvmOpts, List<String> args,
                                 Map<String, String> env, Path log) throws IOException {
        Objects.requireNonNull(mainClass, "mainClass");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOpts);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        Files.createDirectories(log.toAbsolutePath().getParent());
        final long logStart = Files.exists(log) ? Files.size(log) : 0;
        final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new ChildJvm(name, log, builder.start(), logStart);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until this process (not an earlier one on the same log) has written a line starting with
     * {@code prefix}; returns the rest of that line. Fails when the process ends first or after {@code timeout}.
     */
    public String awaitLine(String prefix, Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final String found = lineSinceStart(prefix);
            if (found != null) {
                return found;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before printing '"
                        + prefix + "'; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not print '" + prefix + "' within " + timeout + "; see " + log);
            }
            Thread.sleep(100); // polling the log with a deadline
        }
    }

    private String lineSinceStart(String prefix) throws IOException {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
            if (f.length() <= logStart) {
                return null;
            }
            f.seek(logStart);
            final byte[] b = new byte[(int) Math.min(f.length() - logStart, 8 << 20)];
            f.readFully(b);
            for (String line : new String(b, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            return null;
        }
    }

    /** SIGKILL, then waits until the process is gone; returns its exit code (137 on Linux). */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    /**
     * SIGTERM (shutdown hooks run), then waits up to {@code grace}; a process still running after it is
     * killed. Returns the exit code.
     */
    public int stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
        return process.waitFor();
    }

    /** The exit code once the process has ended by itself within {@code timeout}, else {@code null}. */
    public Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** Stops the process if it still runs (SIGTERM, 30 s grace). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(30));
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }
}
