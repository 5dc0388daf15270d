package org.fraudstream.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.fraudstream.contract.DlqRecord;
import org.fraudstream.scoring.ScoringTopics;

/**
 * Reads the outcome topics {@code anomalies}, {@code metrics} and {@code dlq} from the beginning with
 * {@code isolation.level=read_committed} (outcomes of aborted transactions are never seen), and hands
 * each outcome to a {@link Sink}: a scored event by its key, the transaction id; a DLQ record by its
 * source. Not thread-safe: one thread polls.
 */
final class OutcomeReader implements AutoCloseable {

    /** Where outcomes go. */
    interface Sink {
        void scored(String topic, String transactionId);

        void rejected(DlqRecord record);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String dlqTopic;
    private final Deserializer<DlqRecord> dlq;
    private final List<TopicPartition> partitions;

    OutcomeReader(String bootstrapServers, ScoringTopics topics) {
        this.dlqTopic = topics.dlq().name();
        this.dlq = topics.dlq().valueSerde().deserializer();
        this.consumer = CommittedLog.openAtBeginning(bootstrapServers,
                List.of(topics.anomalies().name(), topics.metrics().name(), dlqTopic), Duration.ofMinutes(2));
        this.partitions = List.copyOf(consumer.assignment());
    }

    /** One poll; returns the number of outcomes handed to {@code sink}. */
    int poll(Sink sink) {
        int n = 0;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.topic().equals(dlqTopic)) {
                sink.rejected(dlq.deserialize(r.topic(), r.value()));
            } else {
                sink.scored(r.topic(), r.key());
            }
            n++;
        }
        return n;
    }

    /**
     * Reads until every partition's position has reached its end as it is now (under read_committed,
     * the last stable offset), with {@code progress} told the total read every few seconds.
     */
    long readToEnd(Sink sink, java.util.function.LongConsumer progress) {
        final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofMinutes(2));
        long read = 0;
        long lastReport = System.nanoTime();
        while (!reached(end)) {
            read += poll(sink);
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                progress.accept(read);
                lastReport = System.nanoTime();
            }
        }
        progress.accept(read);
        return read;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), Duration.ofMinutes(2)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(10));
    }
}
