package org.fraudstream.scoring;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.fraudstream.model.ModelLoadException;

/**
 * Runs the scoring app against an existing Kafka cluster, configured from the environment (see
 * {@link ScoringConfig}), until the JVM is asked to stop. A bad configuration or model is a clear
 * message and exit status 2, before anything connects.
 */
public final class ScoringApp {

    private ScoringApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(System.getenv()));
    }

    /** Runs until shutdown; returns the exit status. */
    public static int run(Map<String, String> env) throws InterruptedException {
        final ScoringService service;
        try {
            service = ScoringService.create(ScoringConfig.fromEnv(env));
        } catch (IllegalArgumentException | NullPointerException | ModelLoadException e) {
            System.err.println("scoring: " + e.getMessage());
            return 2;
        }
        try {
            service.start();
        } catch (java.io.IOException e) {
            System.err.println("scoring: " + e.getMessage());
            service.close();
            return 2;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "scoring-shutdown"));
        final ScoringConfig cfg = service.config();
        System.err.printf("scoring: model %s on %s (%s), application id %s; reading %s; "
                        + "http://localhost:%d/health and /metrics; stop with Ctrl-C%n",
                service.model().current().modelVersion(), cfg.bootstrapServers(), cfg.processingGuarantee(),
                cfg.applicationId(), cfg.topics().transactions().name(), service.httpPort());
        stopped.await();
        return 0;
    }
}
