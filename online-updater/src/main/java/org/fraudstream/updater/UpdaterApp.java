package org.fraudstream.updater;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.fraudstream.model.ModelLoadException;

/**
 * Runs the online updater against an existing Kafka cluster, configured from the environment (see
 * {@link UpdaterConfig}), until the JVM is asked to stop. A bad configuration, model or topic set is
 * a clear message and exit status 2, before anything is processed.
 */
public final class UpdaterApp {

    private UpdaterApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(System.getenv()));
    }

    /** Runs until shutdown; returns the exit status. */
    public static int run(Map<String, String> env) throws InterruptedException {
        final UpdaterService service;
        try {
            service = UpdaterService.create(UpdaterConfig.fromEnv(env));
        } catch (IllegalArgumentException | NullPointerException | ModelLoadException e) {
            System.err.println("updater: " + e.getMessage());
            return 2;
        }
        try {
            service.start();
        } catch (IOException | IllegalStateException e) {
            System.err.println("updater: " + e.getMessage());
            service.close();
            return 2;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "updater-shutdown"));
        final UpdaterConfig cfg = service.config();
        System.err.printf("updater: base %s on %s (%s), application id %s; reading %s and %s, writing %s; "
                        + "versions in %s; http://localhost:%d/health and /metrics; stop with Ctrl-C%n",
                service.base().version(), cfg.bootstrapServers(), cfg.processingGuarantee(), cfg.applicationId(),
                cfg.topics().feedback().name(), cfg.topics().scored().name(), cfg.topics().modelUpdates().name(),
                cfg.archiveDir(), service.httpPort());
        stopped.await();
        return 0;
    }
}
