package org.fraudstream.feedback.internal;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the anomalies topic (ScoredEvent JSON) on a background thread into an {@link AlertBuffer}.
 * Every instance shows every alert: it starts {@code capacity} records before the end of each
 * partition ({@link TopicTail}), so a fresh instance shows recent history. Only committed records
 * are read (scoring writes under exactly-once). A record that cannot be read is logged and skipped:
 * one bad record must not stop the queue.
 */
public final class AlertFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);

    private final Deserializer<ScoredEvent> values;
    private final AlertBuffer buffer;
    private final TopicTail tail;

    public AlertFeed(String bootstrapServers, Topic<String, ScoredEvent> topic, int capacity,
                     Map<String, Object> overrides) {
        this.values = topic.valueSerde().deserializer();
        this.buffer = new AlertBuffer(capacity);
        this.tail = new TopicTail(bootstrapServers, topic.name(), "feedback-api-alerts", capacity, this::add, overrides);
    }

    public AlertFeed start() {
        tail.start();
        return this;
    }

    /**
     * A binder of this feed's consumer metrics ({@code kafka_consumer_*}, among them the fetch lag);
     * it reads the metrics only, never polls, so the consumer stays confined to its thread.
     */
    public KafkaClientMetrics clientMetrics() {
        return tail.clientMetrics();
    }

    /** Up to {@code limit} anomalies, newest first. */
    public List<ScoredEvent> newest(int limit) {
        return buffer.newest(limit);
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
        tail.close();
    }
}
