package org.fraudstream.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.fraudstream.contract.DlqRecord;
import org.fraudstream.scoring.ScoringApp;
import org.fraudstream.scoring.ScoringTopics;

/**
 * A chaos run after Kafka's own {@code streams_eos_test}: the broker ({@code ./fraud broker}) and the
 * scoring app ({@link ScoringApp}) each in a JVM of their own; {@code events} records fed to
 * {@code transactions} (malformed ones mixed in); meanwhile the scoring app is killed with SIGKILL and
 * restarted {@code kills} times, and the broker stopped (SIGKILL or SIGTERM) and restarted on the same
 * data dir and port {@code brokerRestarts} times, each at a seeded moment of the outcome stream's
 * progress (so every fault falls while records are being processed). Once the outcomes stop coming,
 * the app is stopped and a fresh read_committed reader of {@code anomalies}, {@code metrics} and
 * {@code dlq} checks every input record in the {@link DeliveryLedger}: out: the report.
 */
final class ChaosRun {

    /** What to run. */
    record Settings(long events, String guarantee, int kills, int brokerRestarts, boolean brokerSigkill, long seed,
                    double invalidRate, int partitions, Path model, long trainingRows, Long commitIntervalMs,
                    int sessionTimeoutMs, Duration settle, Duration stallTimeout) {
        Settings {
            if (events < 1 || kills < 0 || brokerRestarts < 0 || partitions < 1) {
                throw new IllegalArgumentException("events and partitions must be >= 1, kills and broker restarts >= 0");
            }
            if (!(invalidRate >= 0 && invalidRate < 1)) {
                throw new IllegalArgumentException("the malformed rate must be in [0, 1), was " + invalidRate);
            }
        }
    }

    private static final String APPLICATION_ID = "fraud-chaos";
    private static final Duration STARTUP = Duration.ofMinutes(2);

    private final Settings s;
    private final Path work;
    private final PrintStream err;
    private final ScoringTopics topics = ScoringTopics.defaults();
    private final Random rng;
    private final int port;
    private final int controllerPort;
    private Path modelDir;
    private ChildJvm broker;
    private ChildJvm app;
    private int kills;
    private int brokerRestarts;
    private int appExits;

    ChaosRun(Settings settings, Path work, PrintStream err) throws IOException {
        this.s = settings;
        this.work = work;
        this.err = err;
        this.rng = new Random(settings.seed());
        this.port = freePort();
        this.controllerPort = freePort();
    }

    /** Runs the whole thing; returns the report (see {@link #report}). */
    Map<String, Object> run() throws Exception {
        final long t0 = System.nanoTime();
        modelDir = s.model() != null ? s.model() : Stack.trainOnGenerated(work, s.trainingRows(), 99, err);
        try {
            startBroker();
            ChaosTopics.create(bootstrap(), s.partitions());
            startApp();
            final DeliveryLedger ledger = new DeliveryLedger("chaos" + s.seed());
            final ChaosFeeder feeder = new ChaosFeeder(bootstrap(), topics.transactions().name(), s.events(),
                    s.invalidRate(), s.seed(), ledger);
            final Thread feed = new Thread(feeder, "chaos-feeder");
            final long runStart = System.nanoTime();
            feed.start();
            final long feedEnd = drive(feeder);
            feed.join();
            final double runSeconds = seconds(runStart);
            err.printf("stopping the scoring app (SIGTERM) before the final read...%n");
            app.stop(Duration.ofMinutes(1));
            final long verifyStart = System.nanoTime();
            final Map<String, Long> perTopic = verify(ledger);
            final Map<String, Object> report = report(ledger, perTopic);
            report.put("feed_seconds", round((feedEnd - runStart) / 1e9));
            report.put("run_seconds", round(runSeconds));
            report.put("verify_seconds", round(seconds(verifyStart)));
            report.put("total_seconds", round(seconds(t0)));
            return report;
        } finally {
            closeQuietly(app);
            closeQuietly(broker);
        }
    }

    private String bootstrap() {
        return "localhost:" + port;
    }

    private void startBroker() throws IOException, InterruptedException {
        broker = ChildJvm.start("broker", FraudCli.class.getName(), List.of("-Xmx1g", "-XX:+UseG1GC"),
                List.of("broker", "--port", Integer.toString(port), "--controller-port", Integer.toString(controllerPort),
                        "--data-dir", work.resolve("kafka").toString()),
                Map.of("FRAUD_WORK_DIR", work.resolve("broker-logs").toString()), work.resolve("broker.log"));
        err.printf("broker %s ready (pid %d)%n", broker.awaitLine(BrokerCommand.READY, STARTUP), broker.pid());
    }

    private void startApp() throws IOException {
        final Map<String, String> env = new HashMap<>();
        env.put("FRAUD_BOOTSTRAP_SERVERS", bootstrap());
        env.put("FRAUD_APPLICATION_ID", APPLICATION_ID);
        env.put("FRAUD_PROCESSING_GUARANTEE", s.guarantee());
        env.put("FRAUD_MODEL_DIR", modelDir.toString());
        env.put("FRAUD_STATE_DIR", work.resolve("streams").toString());
        env.put("FRAUD_HTTP_PORT", Integer.toString(-1));
        // A killed member leaves the group only when its session expires; until then the restarted app waits.
        env.put("FRAUD_STREAMS_SESSION_TIMEOUT_MS", Integer.toString(s.sessionTimeoutMs()));
        env.put("FRAUD_STREAMS_HEARTBEAT_INTERVAL_MS", Integer.toString(Math.max(500, s.sessionTimeoutMs() / 4)));
        if (s.commitIntervalMs() != null) {
            env.put("FRAUD_COMMIT_INTERVAL_MS", Long.toString(s.commitIntervalMs()));
        }
        app = ChildJvm.start("scoring app", ScoringApp.class.getName(),
                List.of("-Xmx1g", "-XX:+UseG1GC", "-D" + WorkDir.PROPERTY + "=" + work.resolve("scoring-logs")),
                List.of(), env, work.resolve("scoring.log"));
    }

    /**
     * Feeds, watches the outcomes and strikes when their count passes each fault's seeded moment;
     * returns (nanoTime) when the feed was acknowledged in full. Ends once every record has an outcome
     * and nothing new came for the settle time, or nothing new came for the stall timeout.
     */
    private long drive(ChaosFeeder feeder) throws Exception {
        final List<Fault> faults = schedule();
        final AtomicLong outcomes = new AtomicLong();
        final SeenIds seen = new SeenIds();
        final AtomicLong distinct = new AtomicLong();
        long feedEnd = 0;
        long lastChange = System.nanoTime();
        long lastCount = 0;
        long lastReport = 0;
        try (OutcomeReader reader = new OutcomeReader(bootstrap(), topics)) {
            final OutcomeReader.Sink watch = watcher(seen, distinct);
            while (true) {
                outcomes.addAndGet(reader.poll(watch));
                if (feeder.failure() != null) {
                    throw new IllegalStateException("feeding failed: " + feeder.failure().getMessage(), feeder.failure());
                }
                if (feedEnd == 0 && feeder.done()) {
                    feedEnd = System.nanoTime();
                }
                if (!faults.isEmpty() && distinct.get() >= faults.get(0).atOutcomes()) {
                    strike(faults.remove(0));
                    lastChange = System.nanoTime();
                }
                restartAppIfItDied();
                final long now = System.nanoTime();
                if (outcomes.get() != lastCount) {
                    lastCount = outcomes.get();
                    lastChange = now;
                }
                if (now - lastReport > 5_000_000_000L) {
                    err.printf("fed %,d/%,d  outcomes %,d (%,d distinct)  app kills %d/%d  broker restarts %d/%d%n",
                            feeder.acked(), s.events(), outcomes.get(), distinct.get(), kills, s.kills(),
                            brokerRestarts, s.brokerRestarts());
                    lastReport = now;
                }
                final boolean complete = feeder.done() && faults.isEmpty() && distinct.get() >= s.events();
                if (complete && now - lastChange > s.settle().toNanos()) {
                    return feedEnd;
                }
                if (feeder.done() && now - lastChange > s.stallTimeout().toNanos()) {
                    err.printf("no new outcome for %s: stopping with %,d of %,d records accounted for%s%n",
                            s.stallTimeout(), distinct.get(), s.events(),
                            faults.isEmpty() ? "" : " and " + faults.size() + " faults not struck");
                    return feedEnd;
                }
            }
        }
    }

    private OutcomeReader.Sink watcher(SeenIds seen, AtomicLong distinct) {
        final String input = topics.transactions().name();
        return new OutcomeReader.Sink() {
            @Override
            public void scored(String topic, String transactionId) {
                if (seen.add(String.valueOf(transactionId))) {
                    distinct.incrementAndGet();
                }
            }

            @Override
            public void rejected(DlqRecord r) {
                final String key = input.equals(r.sourceTopic()) ? "@" + r.sourcePartition() + ":" + r.sourceOffset()
                        : String.valueOf(r.transactionId());
                if (seen.add(key)) {
                    distinct.incrementAndGet();
                }
            }
        };
    }

    /** A fault and the count of distinct outcomes at which it strikes. */
    record Fault(boolean broker, long atOutcomes) {
    }

    /** The faults in order: seeded moments between 5 % and 90 % of the outcomes, app kills and broker stops mixed. */
    List<Fault> schedule() {
        final List<Boolean> kinds = new ArrayList<>();
        for (int i = 0; i < s.kills(); i++) {
            kinds.add(false);
        }
        for (int i = 0; i < s.brokerRestarts(); i++) {
            kinds.add(true);
        }
        Collections.shuffle(kinds, rng);
        final List<Long> moments = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            moments.add((long) (s.events() * (0.05 + 0.85 * rng.nextDouble())));
        }
        Collections.sort(moments);
        final List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            faults.add(new Fault(kinds.get(i), moments.get(i)));
        }
        return faults;
    }

    private void strike(Fault f) throws Exception {
        if (f.broker()) {
            final long t = System.nanoTime();
            final int code = s.brokerSigkill() ? broker.kill() : broker.stop(Duration.ofMinutes(1));
            brokerRestarts++;
            err.printf("broker %s (exit %d) at %,d outcomes; restarting on the same data dir and port%n",
                    s.brokerSigkill() ? "killed with SIGKILL" : "stopped with SIGTERM", code, f.atOutcomes());
            Thread.sleep(rng.nextInt(2000)); // a seeded pause while it is down
            startBroker();
            err.printf("broker back after %.1f s%n", seconds(t));
        } else {
            final int code = app.kill();
            kills++;
            err.printf("scoring app killed with SIGKILL (exit %d) at %,d outcomes; restarting it%n", code, f.atOutcomes());
            Thread.sleep(rng.nextInt(1000)); // a seeded pause while it is down
            startApp();
        }
    }

    /** An app that ended by itself (not a planned kill) is restarted and counted apart. */
    private void restartAppIfItDied() throws Exception {
        final Integer code = app.awaitExit(Duration.ZERO);
        if (code != null) {
            appExits++;
            err.printf("scoring app exited by itself (%d), see %s; restarting it%n", code, app.log());
            startApp();
        }
    }

    private Map<String, Long> verify(DeliveryLedger ledger) {
        err.printf("verifying: reading anomalies, metrics and dlq from the beginning (read_committed)...%n");
        final Map<String, Long> perTopic = new LinkedHashMap<>();
        final String input = topics.transactions().name();
        try (OutcomeReader reader = new OutcomeReader(bootstrap(), topics)) {
            reader.readToEnd(new OutcomeReader.Sink() {
                @Override
                public void scored(String topic, String transactionId) {
                    perTopic.merge(topic, 1L, Long::sum);
                    ledger.scored(transactionId);
                }

                @Override
                public void rejected(DlqRecord r) {
                    perTopic.merge(topics.dlq().name(), 1L, Long::sum);
                    ledger.rejected(input.equals(r.sourceTopic()), r.sourcePartition(), r.sourceOffset(),
                            r.transactionId());
                }
            }, n -> err.printf("verified %,d outcomes%n", n));
        }
        return perTopic;
    }

    private Map<String, Object> report(DeliveryLedger ledger, Map<String, Long> perTopic) {
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("guarantee", s.guarantee());
        r.put("seed", s.seed());
        r.put("events_in", ledger.sent());
        r.put("malformed_in", ledger.malformedSent());
        r.put("kills", kills);
        r.put("broker_restarts", brokerRestarts);
        r.put("broker_stop", s.brokerSigkill() ? "SIGKILL" : "SIGTERM");
        r.put("app_exits_unplanned", appExits);
        r.put("missing", ledger.missing());
        r.put("duplicates", ledger.duplicates());
        r.put("duplicated_records", ledger.duplicatedRecords());
        r.put("unexpected", ledger.unexpected());
        r.put("all_delivered", ledger.missing() == 0 && ledger.duplicates() == 0 && ledger.unexpected() == 0);
        r.put("outcomes", perTopic);
        r.put("partitions", s.partitions());
        r.put("commit_interval_ms", s.commitIntervalMs() == null ? "kafka default" : s.commitIntervalMs());
        r.put("session_timeout_ms", s.sessionTimeoutMs());
        return r;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private void closeQuietly(ChildJvm child) {
        if (child == null) {
            return;
        }
        try {
            child.stop(Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
