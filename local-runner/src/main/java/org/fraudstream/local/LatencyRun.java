package org.fraudstream.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.fraudstream.ingest.ReplayStats;
import org.fraudstream.kafka.EmbeddedKafka;
import org.fraudstream.scoring.ScoringConfig;
import org.fraudstream.scoring.ScoringService;
import org.fraudstream.scoring.ScoringTopics;

/**
 * Part (c) of the benchmark: the scoring app under a fixed offered load; latency is the time from
 * each event's producer timestamp to its outcome becoming visible to a read_committed consumer.
 * A warm-up is sent and left out first; each second's p99 is printed so stalls show.
 */
final class LatencyRun {

    /** The low-latency profile of the run. */
    record Settings(int partitions, double rate, int seconds, int warmupSeconds, long commitMs, int lingerMs,
                    Map<String, String> streamsProperties, Map<String, String> producerProperties) { }

    private final EmbeddedKafka kafka;
    private final Path work;
    private final Path modelDir;
    private final Settings s;
    private final PrintStream err;

    LatencyRun(EmbeddedKafka kafka, Path work, Path modelDir, Settings settings, PrintStream err) {
        this.kafka = kafka;
        this.work = work;
        this.modelDir = modelDir;
        this.s = settings;
        this.err = err;
    }

    Map<String, Object> run(String guarantee) throws Exception {
        final String prefix = "bench-lat-" + guarantee.replace('_', '-') + "-";
        final ScoringTopics topics = ScoringTopics.defaults().withPrefix(prefix);
        kafka.createTopics(Stack.topicNames(topics), s.partitions());
        final Map<String, Object> overrides = new LinkedHashMap<>(s.streamsProperties());
        overrides.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), s.lingerMs());
        // No state cache: it saves RocksDB work for throughput, but flushes in bursts at each commit.
        overrides.putIfAbsent(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        final ScoringConfig cfg = new ScoringConfig(kafka.bootstrapServers(), prefix + "app", guarantee, modelDir,
                work.resolve("streams"), 1, s.commitMs(), prefix, ScoringConfig.NO_HTTP, overrides);
        err.printf("%s latency: %,.0f events/s for %d s (+%d s warm-up)...%n", guarantee, s.rate(), s.seconds(),
                s.warmupSeconds());
        try (ScoringService scoring = ScoringService.create(cfg).start().awaitRunning(Duration.ofMinutes(2));
             OutcomeTally tally = new OutcomeTally(kafka.bootstrapServers(), topics).start()) {
            final String input = topics.transactions().name();
            final long warmup = Math.round(s.rate() * s.warmupSeconds());
            BenchTraffic.send(kafka, input, warmup, s.rate(), s.producerProperties(), s.lingerMs());
            awaitOutcomes(tally, warmup);
            tally.latency().reset();
            final long measured = Math.round(s.rate() * s.seconds());
            final CompletableFuture<ReplayStats> sending = CompletableFuture.supplyAsync(
                    () -> BenchTraffic.send(kafka, input, measured, s.rate(), s.producerProperties(), s.lingerMs()));
            awaitOutcomes(tally, warmup + measured);
            final Map<String, Object> r = report(sending.join(), tally.latency(), overrides);
            r.put("stream_thread", threadMetrics(scoring.streams()));
            err.printf("%s latency: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms%n", guarantee,
                    tally.latency().percentile(50), tally.latency().percentile(95), tally.latency().percentile(99));
            return r;
        }
    }

    private Map<String, Object> report(ReplayStats sent, LatencyRecorder latency, Map<String, Object> overrides) {
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("offered_eps", s.rate());
        r.put("achieved_send_eps", Math.round(sent.sent() / sent.elapsedSeconds()));
        r.put("events", latency.count());
        r.put("p50_ms", latency.percentile(50));
        r.put("p95_ms", latency.percentile(95));
        r.put("p99_ms", latency.percentile(99));
        r.put("max_ms", latency.percentile(100));
        r.put("commit_interval_ms", s.commitMs());
        r.put("linger_ms", s.lingerMs());
        r.put("partitions", s.partitions());
        r.put("streams_overrides", overrides);
        return r;
    }

    /** Waits for {@code expected} outcomes, printing each second's count and p99 (live, and to spot stalls). */
    private void awaitOutcomes(OutcomeTally tally, long expected) throws InterruptedException {
        final long start = System.nanoTime();
        long nextPrint = start + 1_000_000_000L;
        while (tally.total() < expected) {
            final long now = System.nanoTime();
            if (now - start > 300_000_000_000L) {
                throw new IllegalStateException("only " + tally.total() + " of " + expected + " outcomes after 300 s");
            }
            if (now >= nextPrint) {
                final double p99 = tally.latency().drainWindow(99);
                err.printf("  %,d of %,d outcomes, last second p99 %s%n", tally.total(), expected,
                        Double.isNaN(p99) ? "-" : String.format("%.0f ms", p99));
                nextPrint += 1_000_000_000L;
            }
            Thread.sleep(20); // an observer's polling interval
        }
    }

    /** Kafka Streams' own view of the stream thread (commit, poll and process latency, ms). */
    private static Map<String, Object> threadMetrics(KafkaStreams streams) {
        final Map<String, Object> m = new TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if ("stream-thread-metrics".equals(name.group()) && name.name().matches("(commit|poll|process)-latency-(avg|max)")
                    && metric.metricValue() instanceof Double d && !d.isNaN()) {
                m.put(name.name().replace('-', '_'), Math.round(d * 100) / 100.0);
            }
        });
        return m;
    }
}
