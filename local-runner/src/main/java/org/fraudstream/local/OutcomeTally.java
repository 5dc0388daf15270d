package org.fraudstream.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fraudstream.scoring.ScoringTopics;

/**
 * Reads the three outcome topics ({@code anomalies}, {@code metrics}, {@code dlq}) with
 * {@code read_committed} from the beginning and counts what it sees: records per topic,
 * transaction ids seen more than once (outputs are keyed by transaction id), and the latency from
 * each record's timestamp (set when the event was produced) to the moment it became visible here.
 */
public final class OutcomeTally implements Runnable, AutoCloseable {

    /** Told of every scored event the tally sees (on its own thread: keep it quick). */
    public interface Listener {
        void scored(String transactionId, boolean anomaly);
    }

    private static final byte[] VERSION_FIELD = "\"modelVersion\":\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final String anomalies;
    private final String metrics;
    private final AtomicLong anomalyCount = new AtomicLong();
    private final AtomicLong metricCount = new AtomicLong();
    private final AtomicLong dlqCount = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final SeenIds seen = new SeenIds();
    private final LatencyRecorder latency = new LatencyRecorder();
    private final java.util.Set<String> flagged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, Long> versionsFirstSeenMs = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Listener listener;
    private volatile boolean keepIds = true;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public OutcomeTally(String bootstrapServers, ScoringTopics t) {
        this(bootstrapServers, t, Map.of());
    }

    /** As {@link #OutcomeTally(String, ScoringTopics)}, with client settings on top (e.g. security). */
    public OutcomeTally(String bootstrapServers, ScoringTopics t, Map<String, Object> clientSettings) {
        this.anomalies = t.anomalies().name();
        this.metrics = t.metrics().name();
        this.topics = List.of(anomalies, metrics, t.dlq().name());
        final Map<String, Object> c = new java.util.HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "tally-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
        c.putAll(clientSettings);
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this, "outcome-tally");
        this.thread.setDaemon(true);
    }

    public OutcomeTally start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        final List<TopicPartition> parts = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        while (running.get()) {
            final var records = consumer.poll(Duration.ofMillis(50));
            final long now = System.currentTimeMillis();
            for (ConsumerRecord<String, byte[]> r : records) {
                count(r, now);
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    private void count(ConsumerRecord<String, byte[]> r, long now) {
        final boolean anomaly = anomalies.equals(r.topic());
        if (anomaly || metrics.equals(r.topic())) {
            (anomaly ? anomalyCount : metricCount).incrementAndGet();
            if (anomaly && r.key() != null && keepIds) {
                flagged.add(r.key());
            }
            final String version = modelVersion(r.value());
            if (version != null) {
                versionsFirstSeenMs.putIfAbsent(version, now);
            }
            final Listener l = listener;
            if (l != null && r.key() != null) {
                l.scored(r.key(), anomaly);
            }
        } else {
            dlqCount.incrementAndGet();
        }
        if (keepIds && r.key() != null && !seen.add(r.key())) {
            duplicates.incrementAndGet();
        }
        latency.record(now - r.timestamp());
    }

    /** The value of the {@code modelVersion} field of a scored event's JSON, without parsing the rest. */
    static String modelVersion(byte[] json) {
        if (json == null) {
            return null;
        }
        outer:
        for (int i = 0; i + VERSION_FIELD.length <= json.length; i++) {
            for (int j = 0; j < VERSION_FIELD.length; j++) {
                if (json[i + j] != VERSION_FIELD[j]) {
                    continue outer;
                }
            }
            final int from = i + VERSION_FIELD.length;
            int to = from;
            while (to < json.length && json[to] != '"') {
                to++;
            }
            return new String(json, from, to - from, java.nio.charset.StandardCharsets.UTF_8);
        }
        return null;
    }

    /**
     * Keeps no per-event state: neither the ids seen (so no {@link #duplicates()}) nor the flagged ids.
     * For runs of any length (the soak), where that state would grow the heap being measured.
     */
    public OutcomeTally forgetIds() {
        keepIds = false;
        return this;
    }

    public OutcomeTally listener(Listener l) {
        this.listener = l;
        return this;
    }

    /** Every model version seen on the outputs, with the wall-clock time its first event was seen here. */
    public Map<String, Long> modelVersions() {
        return Map.copyOf(versionsFirstSeenMs);
    }

    public long anomalies() {
        return anomalyCount.get();
    }

    /** Transaction ids seen on the anomalies topic (a small share of all events). */
    public java.util.Set<String> flagged() {
        return java.util.Collections.unmodifiableSet(flagged);
    }

    public long metrics() {
        return metricCount.get();
    }

    public long dlq() {
        return dlqCount.get();
    }

    public long total() {
        return anomalies() + metrics() + dlq();
    }

    /** Output keys (transaction ids) that were seen more than once. */
    public long duplicates() {
        return duplicates.get();
    }

    public LatencyRecorder latency() {
        return latency;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
