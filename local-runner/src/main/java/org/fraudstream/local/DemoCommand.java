package org.fraudstream.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.Topics;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.PaySimCsv;
import org.fraudstream.ingest.PaySimRow;
import org.fraudstream.ingest.ReplayConfig;
import org.fraudstream.ingest.ReplayStats;
import org.fraudstream.ingest.Replayer;
import org.fraudstream.ingest.TrafficGenerator;
import org.fraudstream.kafka.EmbeddedKafka;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.scoring.ScoringConfig;
import org.fraudstream.scoring.ScoringService;
import org.fraudstream.scoring.ScoringTopics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The all-in-one local run: an in-process KRaft broker, the topics, a model (trained here on
 * generated data unless {@code --model} is given), the scoring app, traffic, live figures and a
 * summary. Exits 0 only when every event sent is accounted for in anomalies, metrics or dlq and
 * the DLQ holds exactly the malformed events injected.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run broker, scoring and traffic in one JVM; print live figures and a summary.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--events", description = "Events to send (default: ${DEFAULT-VALUE}).")
    long events = 200_000;

    @Option(names = "--rate", description = "Events per second; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate = 0;

    @Option(names = "--invalid-rate", description = "Share of malformed events injected (default: ${DEFAULT-VALUE}).")
    double invalidRate = 0.01;

    @Option(names = "--input", description = "Replay this PaySim CSV (plain or .gz) instead of generated traffic.")
    Path input;

    @Option(names = "--model", description = "Use this model bundle instead of training one on generated data.")
    Path model;

    @Option(names = "--json", description = "Write the summary as JSON to this file.")
    Path json;

    @Option(names = "--partitions", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions = 4;

    @Option(names = "--guarantee", description = "exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE}).")
    String guarantee = StreamsConfig.EXACTLY_ONCE_V2;

    @Option(names = "--seed", description = "Seed of the generated traffic (default: ${DEFAULT-VALUE}).")
    long seed = 7;

    @Option(names = "--training-events", description = "Generated rows to train on when no --model (default: ${DEFAULT-VALUE}).")
    long trainingEvents = 200_000;

    @Option(names = "--alert-share", description = "Share of alerts the simulated analyst labels (default: ${DEFAULT-VALUE}).")
    double alertShare = 0.8;

    @Option(names = "--sample-share", description = "Share of other scored events the simulated analyst labels "
            + "(default: ${DEFAULT-VALUE}).")
    double sampleShare = 0.01;

    @Option(names = "--label-delay-ms", description = "How long after an event is scored its label is posted "
            + "(default: ${DEFAULT-VALUE}).")
    long labelDelayMs = 1_000;

    @Option(names = "--timeout-s", description = "Give up when outputs stop growing for this long (default: ${DEFAULT-VALUE}).")
    long idleTimeoutSeconds = 120;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        checkInputs();
        final Path work = WorkDir.current();
        err.printf("work dir: %s (broker data, state, model, labels, fraud.log)%n", work);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            err.printf("kafka: %s (in-process KRaft broker)%n", kafka.bootstrapServers());
            final Path modelDir = model != null ? model : Stack.trainOnGenerated(work, trainingEvents, seed + 1, err);
            try (Suite suite = Suite.start(kafka, work, modelDir, guarantee, partitions, Suite.Ports.ANY, System.getenv(),
                    err);
                 OutcomeTally tally = new OutcomeTally(kafka.bootstrapServers(), suite.topics);
                 Analyst analyst = new Analyst(kafka.bootstrapServers(), Topics.LABELS.name(), suite.feedback.port(),
                         suite.apiKey, alertShare, sampleShare, Duration.ofMillis(labelDelayMs), seed).start()) {
                tally.listener(analyst).start();
                err.printf("scoring app:    http://localhost:%d/health  /metrics%n", suite.scoring.httpPort());
                err.printf("feedback API:   http://localhost:%d/alerts  /feedback  /health  /metrics%n",
                        suite.feedback.port());
                err.printf("online updater: http://localhost:%d/health  /metrics%n", suite.updater.httpPort());
                final Summary summary = run(kafka, suite.topics, tally, work);
                drain(analyst, suite);
                summary.putFeedbackLoop(analyst, suite, tally, ModelUpdates.read(kafka.bootstrapServers(),
                        suite.topics.modelUpdates().name()));
                summary.put("guarantee", guarantee);
                summary.put("model_version", suite.scoring.model().current().modelVersion());
                summary.put("work_dir", work.toString());
                if (rate <= 0) {
                    err.println("note: events were sent as fast as possible (--rate 0), so latency_ms includes the time "
                            + "events queued behind each other; try --rate 10000 for latency under a set load");
                }
                return finish(summary);
            }
        }
    }

    /**
     * Lets the feedback loop finish what the traffic started: the analyst posts the labels still on
     * the desk, and the updater joins them (its last batch waits at most its max wait). Bounded: a
     * stuck service ends the wait, and the summary shows what arrived.
     */
    private void drain(Analyst analyst, Suite suite) throws InterruptedException {
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(
                10 + 3 * labelDelayMs / 1000);
        if (analyst.pending() > 0) {
            err.printf("waiting for the analyst's %d pending labels...%n", analyst.pending());
        }
        while (analyst.pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling a counter with a deadline, not standing in for a signal
        }
        final long posted = analyst.accepted();
        while (suite.updater.metrics().labels() + suite.updater.metrics().unmatchedCount() < posted
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Fails before anything starts when an input given on the command line is unusable. */
    private void checkInputs() throws Exception {
        if (input != null && !java.nio.file.Files.isReadable(input)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--input " + input + ": no such readable file");
        }
        if (model != null) {
            ModelBundle.load(model); // a missing or mismatched bundle is a clear error now, not after the broker starts
        }
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee) && !StreamsConfig.AT_LEAST_ONCE.equals(guarantee)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--guarantee must be exactly_once_v2 or at_least_once, was '" + guarantee + "'");
        }
        if (events < 1 || rate < 0 || invalidRate < 0 || invalidRate > 1 || partitions < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "need --events >= 1, --rate >= 0, 0 <= --invalid-rate <= 1, --partitions >= 1");
        }
    }

    private Summary run(EmbeddedKafka kafka, ScoringTopics topics, OutcomeTally tally, Path work) throws Exception {
        // ground truth to a file (quality figures) and to the labels topic (the simulated analyst)
        final ReplayConfig rc = new ReplayConfig(kafka.bootstrapServers(), topics.transactions().name(), rate,
                invalidRate, seed, "demo", work.resolve("labels.csv"), Topics.LABELS.name(), Map.of());
        final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "replay"));
        final long start = System.nanoTime();
        try {
            final Iterator<PaySimRow> rows = input != null ? PaySimCsv.open(input)
                    : new TrafficGenerator(GeneratorConfig.defaults(seed));
            final LiveFigures live = new LiveFigures(tally, err);
            final Future<ReplayStats> replay = pool.submit(() -> new Replayer(rc).run(rows, events, live::sent));
            live.untilDone(replay, idleTimeoutSeconds);
            final ReplayStats stats = replay.get();
            final double elapsed = (System.nanoTime() - start) / 1e9;
            final Summary summary = Summary.of(stats, tally, elapsed);
            summary.putQuality(Quality.of(rc.labelsFile(), tally.flagged()));
            return summary;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private int finish(Summary s) throws Exception {
        out.println();
        s.print(out);
        if (json != null) {
            final Path parent = json.toAbsolutePath().getParent();
            java.nio.file.Files.createDirectories(parent);
            JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), s.fields());
            out.println("summary written to " + json);
        }
        final List<String> problems = s.problems();
        problems.forEach(p -> err.println("FAILED: " + p));
        return problems.isEmpty() ? 0 : 1;
    }

    /** The run's figures, in the order they are printed and written. */
    static final class Summary {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        static Summary of(ReplayStats stats, OutcomeTally tally, double elapsed) {
            final Summary s = new Summary();
            s.put("events_in", stats.sent());
            s.put("valid_sent", stats.valid());
            s.put("invalid_injected", stats.invalidInjected());
            s.put("anomalies", tally.anomalies());
            s.put("metrics", tally.metrics());
            s.put("dlq", tally.dlq());
            s.put("duplicates", tally.duplicates());
            s.put("elapsed_s", round(elapsed));
            s.put("throughput_eps", round(tally.total() / elapsed));
            final Map<String, Object> lat = new LinkedHashMap<>();
            lat.put("p50", tally.latency().percentile(50));
            lat.put("p95", tally.latency().percentile(95));
            lat.put("p99", tally.latency().percentile(99));
            s.put("latency_ms", lat);
            return s;
        }

        void put(String k, Object v) {
            fields.put(k, v);
        }

        /** How the flagged events compare with the ground truth the replay wrote apart. */
        void putQuality(Quality q) {
            put("frauds_sent", q.frauds());
            put("frauds_flagged", q.truePositives());
            put("precision", round(q.precision()));
            put("recall", round(q.recall()));
        }

        Map<String, Object> fields() {
            return fields;
        }

        List<String> problems() {
            final List<String> p = new ArrayList<>();
            final long in = (long) fields.get("events_in");
            final long sum = (long) fields.get("anomalies") + (long) fields.get("metrics") + (long) fields.get("dlq");
            if (sum != in) {
                p.add("anomalies + metrics + dlq = " + sum + " but events_in = " + in);
            }
            if ((long) fields.get("dlq") != (long) fields.get("invalid_injected")) {
                p.add("dlq = " + fields.get("dlq") + " but invalid_injected = " + fields.get("invalid_injected"));
            }
            if ((long) fields.get("duplicates") != 0) {
                p.add(fields.get("duplicates") + " transaction ids were output more than once");
            }
            return p;
        }

        /** The feedback loop's figures: labels posted, updates published, versions that scored. */
        void putFeedbackLoop(Analyst analyst, Suite suite, OutcomeTally tally, List<ModelUpdates.Published> updates) {
            put("feedback_accepted", analyst.accepted());
            put("feedback_refused", analyst.refused());
            put("feedback_fraud_labels", analyst.fraudLabels());
            put("online_labels_joined", (long) suite.updater.metrics().labels());
            put("online_updates", (long) suite.updater.metrics().updates());
            put("online_gate_rejections", (long) suite.updater.metrics().rejections());
            final Map<String, Long> seen = tally.modelVersions();
            put("model_versions_seen", seen.size());
            put("model_versions", new java.util.TreeMap<>(seen).keySet());
            final List<Long> swapMs = new ArrayList<>();
            for (ModelUpdates.Published u : updates) {
                final Long first = seen.get(u.version());
                if (first != null) {
                    swapMs.add(first - u.timestampMs());
                }
            }
            final var apply = suite.scoring.registry().find("model.update.apply.delay").timer();
            if (apply != null && apply.count() > 0) {
                put("update_to_scoring_ms", Map.of("n", apply.count(),
                        "mean", Math.round(apply.mean(java.util.concurrent.TimeUnit.MILLISECONDS)),
                        "max", Math.round(apply.max(java.util.concurrent.TimeUnit.MILLISECONDS))));
            }
            if (!swapMs.isEmpty()) {
                swapMs.sort(null);
                put("update_to_first_scored_ms", Map.of("max", swapMs.get(swapMs.size() - 1),
                        "median", swapMs.get(swapMs.size() / 2), "n", swapMs.size()));
            }
        }

        void print(PrintStream out) {
            fields.forEach((k, v) -> out.printf("%-18s %s%n", k, v));
        }

        private static double round(double v) {
            return Math.round(v * 1000.0) / 1000.0;
        }
    }
}
