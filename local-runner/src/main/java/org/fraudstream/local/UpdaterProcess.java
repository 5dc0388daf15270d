package org.fraudstream.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fraudstream.updater.UpdaterApp;

/**
 * One run of the online updater ({@link UpdaterApp}) in its own JVM ({@link ChildJvm}), configured by
 * environment, with its /health and /metrics on a port of its own: started and awaited, read, killed.
 */
final class UpdaterProcess {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final ChildJvm jvm;
    private final int port;
    private final Path workDir;
    private final HttpClient http;

    private UpdaterProcess(ChildJvm jvm, int port, Path workDir, HttpClient http) {
        this.jvm = jvm;
        this.port = port;
        this.workDir = workDir;
        this.http = http;
    }

    /**
     * Starts the updater with {@code env} (plus its port) and waits until /health says up.
     *
     * @param workDir where this run's {@code fraud.log} (INFO and up) and console output go
     */
    static UpdaterProcess start(Map<String, String> env, Path workDir, HttpClient http)
            throws IOException, InterruptedException {
        final int port = LoopChaos.freePort();
        final Map<String, String> withPort = new HashMap<>(env);
        withPort.put("FRAUD_UPDATER_PORT", Integer.toString(port));
        final ChildJvm jvm = ChildJvm.start("online updater", UpdaterApp.class.getName(),
                List.of("-Xmx1g", "-D" + WorkDir.PROPERTY + "=" + workDir), List.of(), withPort,
                workDir.resolve("console.log"));
        final UpdaterProcess p = new UpdaterProcess(jvm, port, workDir, http);
        try {
            p.awaitUp();
        } catch (RuntimeException | InterruptedException e) {
            jvm.kill(); // never leave a process behind that nobody will stop
            throw e;
        }
        return p;
    }

    private void awaitUp() throws InterruptedException {
        final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                throw new IllegalStateException("the updater exited with " + jvm.awaitExit(Duration.ZERO) + "; see "
                        + jvm.log());
            }
            if (get("/health") == 200) {
                return;
            }
            Thread.sleep(100); // polling /health with a deadline
        }
        throw new IllegalStateException("the updater was not up within " + START_TIMEOUT + "; see " + jvm.log());
    }

    private int get(String path) throws InterruptedException {
        try {
            return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .build();
    }

    private Map<String, Double> metrics() throws IOException, InterruptedException {
        return PromText.sums(http.send(request("/metrics"), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Labels this process has joined (online_labels_total): its own count, from 0 at its start. */
    long labelsJoined() throws IOException, InterruptedException {
        return Math.round(metrics().getOrDefault("online_labels_total", 0.0));
    }

    /** Versions this process has published (online_updates_total). */
    long updates() throws IOException, InterruptedException {
        return Math.round(metrics().getOrDefault("online_updates_total", 0.0));
    }

    /** SIGKILL: no shutdown hook, no last commit. */
    void kill() throws InterruptedException {
        jvm.kill();
    }

    /** SIGTERM: the updater closes its streams app (a last commit), within a minute. */
    void stop() throws InterruptedException {
        jvm.stop(Duration.ofMinutes(1));
    }

    /** The log of this run's INFO lines. */
    Path log() {
        return workDir.resolve("fraud.log");
    }
}
