package org.fraudstream.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic as a read_committed consumer sees it now: what committed transactions wrote. */
final class CommittedLog {

    private CommittedLog() {
    }

    /**
     * A read_committed consumer assigned every partition of {@code topics}, positioned at their
     * beginnings. It belongs to no group and never commits; the caller closes it.
     */
    static KafkaConsumer<String, byte[]> openAtBeginning(String bootstrapServers, List<String> topics,
                                                         Duration timeout) {
        final KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        try {
            final List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
                c.partitionsFor(t, timeout).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Every committed record of {@code topic}, partition by partition in offset order; throws when the
     * end is not reached within {@code timeout} (a transaction left open keeps read_committed waiting).
     */
    static List<ConsumerRecord<String, byte[]>> read(String bootstrapServers, String topic, Duration timeout) {
        final List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = openAtBeginning(bootstrapServers, List.of(topic), timeout)) {
            final Map<TopicPartition, Long> end = c.endOffsets(c.assignment(), timeout);
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (end.keySet().stream().anyMatch(p -> c.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end + " within "
                            + timeout);
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        out.sort(Comparator.<ConsumerRecord<String, byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return out;
    }

    /**
     * How many committed records of {@code topicNames} lie beyond {@code committed} (a consumer group's
     * offsets; a partition without one counts from its beginning): 0 when the group has consumed and
     * committed everything. Stops counting at the first batch found.
     */
    static long beyond(String bootstrapServers, List<String> topicNames,
                       Map<TopicPartition, OffsetAndMetadata> committed, Duration timeout) {
        try (KafkaConsumer<String, byte[]> c = openAtBeginning(bootstrapServers, topicNames, timeout)) {
            for (TopicPartition p : c.assignment()) {
                final OffsetAndMetadata o = committed.get(p);
                if (o != null) {
                    c.seek(p, o.offset());
                }
            }
            final Map<TopicPartition, Long> end = c.endOffsets(c.assignment(), timeout);
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (end.keySet().stream().anyMatch(p -> c.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topicNames + " to their ends within "
                            + timeout);
                }
                final int n = c.poll(Duration.ofMillis(200)).count();
                if (n > 0) {
                    return n;
                }
            }
            return 0;
        }
    }
}
