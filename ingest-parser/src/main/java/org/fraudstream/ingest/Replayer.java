package org.fraudstream.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;

/**
 * PaySim rows in; out: one event_v1 record per row on {@code cfg.topic()} (key = nameOrig, value =
 * {@link EventJson#write}), malformed records mixed in at {@code cfg.invalidRate()}, and one
 * {@link org.fraudstream.contract.Label} per real event to the labels file and/or labels topic, never
 * to the events topic.
 *
 * <p>A malformed record is sent before a real event with probability {@code invalidRate}, keyed by
 * that event's nameOrig; real events are never replaced or altered. Transaction ids are
 * {@code runId + "-" + n} (n from 0, real events only); event time is {@link #eventTimeMs(int)}:
 * {@link #EVENT_TIME_BASE_MS} plus one hour per PaySim step, so event time follows the data, not the
 * wall clock, and a replay is reproducible. The rate (records per second, malformed ones included)
 * is a token bucket on {@link System#nanoTime} that sleeps only when at least a millisecond ahead.
 *
 * <p>The producer is idempotent with {@code acks=all}. A failed send stops the replay, which closes
 * the producer (sending what is in flight) and throws {@link ReplayException} with the counts so
 * far: no record is lost silently.
 */
public final class Replayer {

    /** Event time of step 0: 2024-01-01T00:00:00Z. */
    public static final long EVENT_TIME_BASE_MS = 1_704_067_200_000L;
    /** A PaySim step is one hour. */
    public static final long STEP_MS = 3_600_000L;

    /** The producer's buffer ({@code buffer.memory}, Kafka's default made explicit): the replay's bound. */
    public static final long BUFFER_MEMORY_BYTES = 32L << 20;

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ReplayConfig cfg;
    private final Supplier<Producer<String, byte[]>> producers;
    private final LongSupplier nanoClock;

    public Replayer(ReplayConfig cfg) {
        this(cfg, () -> new KafkaProducer<>(producerConfig(cfg), Serdes.String().serializer(),
                Serdes.ByteArray().serializer()), System::nanoTime);
    }

    /** For tests: replays through producers from {@code producers}, timed by {@code nanoClock} (a test clock). */
    Replayer(ReplayConfig cfg, Supplier<Producer<String, byte[]>> producers, LongSupplier nanoClock) {
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.producers = producers;
        this.nanoClock = nanoClock;
    }

    /** Event time of a row of PaySim step {@code step}. */
    public static long eventTimeMs(int step) {
        return EVENT_TIME_BASE_MS + step * STEP_MS;
    }

    /** The producer settings: the replay defaults, then {@code cfg.producerOverrides()}. */
    public static Map<String, Object> producerConfig(ReplayConfig cfg) {
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "replay-" + cfg.runId());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 65_536);
        // What a slow or absent broker can cost: records wait in at most this much memory, then sends block.
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_MEMORY_BYTES);
        props.putAll(cfg.producerOverrides());
        return props;
    }

    /**
     * Sends rows until {@code maxEvents} records (malformed ones included) are sent or the rows run out;
     * {@link Long#MAX_VALUE} sends every row. A malformed record is injected only when there is room for
     * the real event after it, so exactly {@code maxEvents} records go out when there are rows enough.
     *
     * @throws ReplayException      when a record could not be sent; carries the counts until then
     * @throws InterruptedException when interrupted while pacing
     */
    public ReplayStats run(Iterator<PaySimRow> rows, long maxEvents, ReplayProgress progress)
            throws InterruptedException {
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents must be >= 0, was " + maxEvents);
        }
        final Producer<String, byte[]> producer = producers.get();
        try (LabelWriter labels = LabelWriter.open(cfg, producer)) {
            return new ReplayRun(cfg, producer, labels, nanoClock).run(rows, maxEvents, progress);
        } finally {
            producer.close(CLOSE_TIMEOUT);
        }
    }
}
