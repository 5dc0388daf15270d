package org.fraudstream.feedback.internal;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the anomalies topic (ScoredEvent JSON) on a background thread into an {@link AlertBuffer}.
 * Every instance shows every alert: the consumer has no group, assigns all partitions itself and
 * starts {@code capacity} records before the end of each, so a fresh instance shows recent history.
 * Only committed records are read (scoring writes under exactly-once). A record that cannot be read
 * is logged and skipped: one bad record must not stop the queue.
 */
public final class AlertFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Topic<String, ScoredEvent> topic;
    private final Deserializer<ScoredEvent> values;
    private final AlertBuffer buffer;
    private final int capacity;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();

    public AlertFeed(String bootstrapServers, Topic<String, ScoredEvent> topic, int capacity,
                     Map<String, Object> overrides) {
        this.topic = topic;
        this.values = topic.valueSerde().deserializer();
        this.capacity = capacity;
        this.buffer = new AlertBuffer(capacity);
        final Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "feedback-api-alerts");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.putAll(overrides);
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "feedback-alerts");
        thread.setDaemon(true);
    }

    public AlertFeed start() {
        if (started.compareAndSet(false, true)) {
            thread.start();
        }
        return this;
    }

    /**
     * A binder of this consumer's client metrics ({@code kafka_consumer_*}, among them the fetch lag);
     * it reads the metrics only, never polls, so the consumer stays confined to its thread.
     */
    public KafkaClientMetrics clientMetrics() {
        return new KafkaClientMetrics(consumer);
    }

    /** Up to {@code limit} anomalies, newest first. */
    public List<ScoredEvent> newest(int limit) {
        return buffer.newest(limit);
    }

    private void run() {
        try {
            while (stop.getCount() > 0) {
                if (consumer.assignment().isEmpty() && !tryAssign()) {
                    stop.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    add(r);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            LOG.error("alert queue stopped: cannot read {}", topic.name(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Assigns every partition of the topic, starting near the end; false when the topic is not there yet. */
    private boolean tryAssign() {
        final List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(5));
        } catch (KafkaException e) {
            LOG.warn("alert queue: cannot read the partitions of {} yet: {}", topic.name(), e.toString());
            return false;
        }
        if (infos == null || infos.isEmpty()) {
            LOG.info("alert queue: topic {} does not exist yet", topic.name());
            return false;
        }
        final List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(parts);
        final Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
        final Map<TopicPartition, Long> end = consumer.endOffsets(parts);
        for (TopicPartition p : parts) {
            consumer.seek(p, Math.max(begin.get(p), end.get(p) - capacity));
        }
        LOG.info("alert queue: reading {} ({} partitions)", topic.name(), parts.size());
        return true;
    }

    private void add(ConsumerRecord<String, byte[]> r) {
        try {
            final ScoredEvent e = values.deserialize(r.topic(), r.value());
            if (e != null && e.transactionId() != null) {
                buffer.add(e);
            }
        } catch (RuntimeException ex) {
            LOG.warn("alert queue: skipped unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                    ex.toString());
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
}
