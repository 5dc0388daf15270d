package org.fraudstream.local;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.ingest.EventParser;
import org.fraudstream.ingest.ReplayStats;
import org.fraudstream.kafka.EmbeddedKafka;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.scoring.ModelHolder;
import org.fraudstream.scoring.ScoringConfig;
import org.fraudstream.scoring.ScoringMetrics;
import org.fraudstream.scoring.ScoringTopics;
import org.fraudstream.scoring.ScoringTopology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark: on one in-process broker, over the same N events and partitions, (a) the ceiling,
 * a JSON passthrough streams app, and (b) the full scoring pipeline, each under exactly_once_v2 and
 * at_least_once; then (c) end-to-end latency (producer timestamp to read_committed visibility of
 * the outcome) at a fixed offered load; first, the app's own work per event without Kafka. Writes a
 * JSON report.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {FeedbackLoopCommand.class, ChaosCommand.class, LoopChaosCommand.class, SoakCommand.class},
        description = "Measure passthrough ceiling, pipeline throughput and end-to-end latency; write a JSON report. "
                + "'bench feedback-loop' replays the feedback loop instead (no Kafka); 'bench chaos' kills the app "
                + "and restarts the broker mid-run and checks exactly-once delivery; 'bench loop-chaos' kills the "
                + "online updater mid-batch and accounts for every label; 'bench soak' runs the suite for minutes "
                + "and samples heap, state, lag and p99.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--events", description = "Events for the throughput runs (default: ${DEFAULT-VALUE}).")
    long events = 1_000_000;

    @Option(names = "--partitions", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions = 8;

    @Option(names = "--latency-partitions", description = "Partitions of every topic in the latency runs: every "
            + "exactly-once commit writes a marker to each output partition it touched (default: ${DEFAULT-VALUE}).")
    int latencyPartitions = 2;

    @Option(names = "--latency-rate", description = "Offered load of the latency runs, events/s (default: ${DEFAULT-VALUE}).")
    double latencyRate = 10_000;

    @Option(names = "--latency-seconds", description = "Measured seconds of each latency run (default: ${DEFAULT-VALUE}).")
    int latencySeconds = 30;

    @Option(names = "--warmup-seconds", description = "Unmeasured seconds before each latency run (default: ${DEFAULT-VALUE}).")
    int warmupSeconds = 5;

    @Option(names = "--eos-commit-interval-ms", description = "commit.interval.ms of the throughput runs under "
            + "exactly_once_v2 (default: ${DEFAULT-VALUE}, Kafka's default).")
    long eosCommitMs = 100;

    @Option(names = "--latency-commit-interval-ms", description = "commit.interval.ms of the latency runs: under "
            + "exactly_once_v2 outcomes become visible only when their transaction commits; under both, each commit "
            + "flushes the state cache, so short intervals keep those flushes small (default: ${DEFAULT-VALUE}).")
    long latencyCommitMs = 25;

    @Option(names = "--latency-linger-ms", description = "linger.ms of the event producer and the app's producer in "
            + "the latency runs (default: ${DEFAULT-VALUE}).")
    int latencyLingerMs = 1;

    @Option(names = "--alos-commit-interval-ms", description = "commit.interval.ms under at_least_once (default: ${DEFAULT-VALUE}).")
    long alosCommitMs = 1000;

    @Option(names = "--json", description = "Report file (default: ${DEFAULT-VALUE}).")
    Path json = Path.of("reports", "benchmark_report.json");

    @Option(names = "--guarantee", split = ",",
            description = "Guarantees to measure (default: exactly_once_v2,at_least_once).")
    List<String> guarantees = List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE);

    @Option(names = {"-S", "--streams-property"}, description = "Extra Kafka Streams setting key=value for every "
            + "measured app, passthrough and pipeline alike (repeatable).")
    Map<String, String> streamsProperties = new LinkedHashMap<>();

    @Option(names = {"-P", "--producer-property"}, description = "Extra producer setting key=value of the bench's "
            + "event producer (repeatable).")
    Map<String, String> producerProperties = new LinkedHashMap<>();

    @Option(names = "--skip-throughput", description = "Skip the passthrough and pipeline throughput runs.")
    boolean skipThroughput;

    @Option(names = "--skip-latency", description = "Skip the latency runs.")
    boolean skipLatency;

    private final PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        final Path work = WorkDir.current();
        err.printf("work dir: %s%n", work);
        final Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", machine());
        report.put("events", events);
        report.put("partitions", partitions);
        report.put("streams_properties", streamsProperties);
        report.put("producer_properties", producerProperties);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            final Path modelDir = Stack.trainOnGenerated(work, 100_000, 99, err);
            report.put("hot_path", HotPathBench.run(modelDir, err));
            if (!skipThroughput) {
                final String input = "bench-transactions";
                kafka.createTopics(List.of(input), partitions);
                err.printf("producing %,d events to %s...%n", events, input);
                final ReplayStats produced = BenchTraffic.send(kafka, input, events, 0, producerProperties, null);
                report.put("produce_eps", Math.round(produced.sent() / produced.elapsedSeconds()));
                final Map<String, Object> throughput = new LinkedHashMap<>();
                for (String g : guarantees) {
                    throughput.put(g, throughputRuns(kafka, work, modelDir, input, g));
                }
                report.put("throughput", throughput);
            }
            if (!skipLatency) {
                final Map<String, Object> latency = new LinkedHashMap<>();
                final LatencyRun run = new LatencyRun(kafka, work, modelDir, new LatencyRun.Settings(latencyPartitions,
                        latencyRate, latencySeconds, warmupSeconds, latencyCommitMs, latencyLingerMs,
                        streamsProperties, producerProperties), err);
                for (String g : guarantees) {
                    latency.put(g, run.run(g));
                }
                report.put("latency", latency);
            }
        }
        Files.createDirectories(json.toAbsolutePath().getParent());
        JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
        System.out.println(JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.println("report written to " + json);
        return 0;
    }

    private Map<String, Object> throughputRuns(EmbeddedKafka kafka, Path work, Path modelDir, String input, String g)
            throws Exception {
        final String tag = g.replace('_', '-');
        final String ptOut = "bench-passthrough-out-" + tag;
        kafka.createTopics(List.of(ptOut), partitions);
        final ThroughputProbe.Result pt = runToEnd(kafka, "bench-passthrough-" + tag,
                PassthroughTopology.build(input, ptOut), streamsProps(kafka, work, "bench-passthrough-" + tag, g), input);
        err.printf("%s passthrough: %,.0f events/s%n", g, pt.eventsPerSecond());

        final ScoringTopics topics = pipelineTopics("bench-" + tag + "-", input);
        kafka.createTopics(Stack.topicNames(topics), partitions);
        final ModelHolder model = new ModelHolder(ModelBundle.load(modelDir).scorer());
        final ThroughputProbe.Result pipe = runToEnd(kafka, "bench-pipeline-" + tag,
                ScoringTopology.build(topics, model, new EventParser(),
                        new ScoringMetrics(new SimpleMeterRegistry())),
                streamsProps(kafka, work, "bench-pipeline-" + tag, g), input);
        err.printf("%s pipeline: %,.0f events/s (%.0f%% of passthrough)%n", g, pipe.eventsPerSecond(),
                100 * pipe.eventsPerSecond() / pt.eventsPerSecond());

        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("passthrough_eps", Math.round(pt.eventsPerSecond()));
        r.put("pipeline_eps", Math.round(pipe.eventsPerSecond()));
        r.put("ratio", Math.round(1000 * pipe.eventsPerSecond() / pt.eventsPerSecond()) / 1000.0);
        r.put("commit_interval_ms", commitMs(g));
        return r;
    }

    private ThroughputProbe.Result runToEnd(EmbeddedKafka kafka, String appId, Topology topology, Properties props,
                                            String input) throws Exception {
        err.printf("running %s over %,d events...%n", appId, events);
        try (KafkaStreams streams = new KafkaStreams(topology, props); Admin admin = kafka.admin()) {
            final CompletableFuture<Long> runningAt = new CompletableFuture<>();
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    runningAt.complete(System.nanoTime());
                }
            });
            streams.start();
            final long start = runningAt.get(2, TimeUnit.MINUTES);
            return ThroughputProbe.await(admin, appId, input, events, start, 1800,
                    c -> err.printf("  %s: %,d committed%n", appId, c));
        }
    }

    private long commitMs(String g) {
        return StreamsConfig.EXACTLY_ONCE_V2.equals(g) ? eosCommitMs : alosCommitMs;
    }

    private Properties streamsProps(EmbeddedKafka kafka, Path work, String appId, String g) {
        final ScoringConfig cfg = new ScoringConfig(kafka.bootstrapServers(), appId, g, work, work.resolve("streams"),
                1, commitMs(g), "", ScoringConfig.NO_HTTP, Map.copyOf(streamsProperties));
        final Properties p = cfg.toStreamsProperties();
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return p;
    }

    private static ScoringTopics pipelineTopics(String prefix, String input) {
        final ScoringTopics t = ScoringTopics.defaults().withPrefix(prefix);
        return new ScoringTopics(t.transactions().withName(input), t.anomalies(), t.metrics(), t.scored(), t.dlq(),
                t.modelUpdates());
    }

    /** Cores, heap, JVM and OS of this run, for every benchmark report. */
    static Map<String, Object> machine() {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("total_memory_mb", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 20);
        return m;
    }
}
