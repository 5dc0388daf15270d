package org.fraudstream.feedback.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tail of one topic on a background thread and hands every record to a handler. The
 * consumer has no group: it assigns all partitions itself and starts {@code depth} records before
 * the end of each, so every instance sees the same recent history. Only committed records are read.
 * Waits for the topic when it does not exist yet. The handler must not throw for a bad record
 * (log and skip it): one bad record must not stop the reader.
 */
final class TopicTail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final String topic;
    private final long depth;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private boolean waitSaid; // the wait for a missing topic is logged once, not every second

    TopicTail(String bootstrapServers, String topic, String clientId, long depth,
              Consumer<ConsumerRecord<String, byte[]>> handler, Map<String, Object> overrides) {
        this.topic = topic;
        this.depth = depth;
        this.handler = handler;
        final Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.putAll(overrides);
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
    }

    void start() {
        if (started.compareAndSet(false, true)) {
            thread.start();
        }
    }

    private void run() {
        try {
            while (stop.getCount() > 0) {
                if (consumer.assignment().isEmpty() && !tryAssign()) {
                    stop.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    handler.accept(r);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            LOG.error("stopped reading {}", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Assigns every partition of the topic, starting near the end; false when the topic is not there yet. */
    private boolean tryAssign() {
        final List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        } catch (KafkaException e) {
            waitingFor("cannot read the partitions of " + topic + " yet: " + e);
            return false;
        }
        if (infos == null || infos.isEmpty()) {
            waitingFor("topic " + topic + " does not exist yet; waiting for it");
            return false;
        }
        final List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(parts);
        final Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
        final Map<TopicPartition, Long> end = consumer.endOffsets(parts);
        for (TopicPartition p : parts) {
            consumer.seek(p, Math.max(begin.get(p), end.get(p) - depth));
        }
        LOG.info("reading {} ({} partitions)", topic, parts.size());
        return true;
    }

    private void waitingFor(String what) {
        if (waitSaid) {
            LOG.debug(what);
        } else {
            LOG.info(what);
            waitSaid = true;
        }
    }

    @Override
    public void close() {
        stop.countDown();
        if (!started.getAndSet(true)) {
            consumer.close(Duration.ZERO); // never started: no thread to close it
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A binder of this consumer's client metrics; it reads metrics only, never polls. */
    io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics clientMetrics() {
        return new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(consumer);
    }
}
