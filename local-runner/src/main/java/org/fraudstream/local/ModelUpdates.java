package org.fraudstream.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fraudstream.model.ModelUpdate;

/** Reads what is on {@code model-updates} now: each version with the time it was published. */
final class ModelUpdates {

    record Published(String version, String parentVersion, long timestampMs) { }

    private ModelUpdates() {
    }

    static List<Published> read(String bootstrapServers, String topic) {
        final List<Published> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            final Map<TopicPartition, Long> end = c.endOffsets(parts);
            final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        final ModelUpdate u = ModelUpdate.fromBytes(r.value());
                        out.add(new Published(u.version(), u.parentVersion(), r.timestamp()));
                    } catch (IllegalArgumentException e) {
                        // not an update the scoring app would apply either; nothing to time
                    }
                }
            }
        }
        return out;
    }
}
