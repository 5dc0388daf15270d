package org.fraudstream.local;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures a streams app's throughput from the offsets it commits on its input topic: records
 * count as done only once committed (under exactly-once: once their transaction committed). The
 * clock starts when the app reached RUNNING, so joining the group is not counted.
 */
final class ThroughputProbe {

    record Result(long records, double seconds, double eventsPerSecond) { }

    private ThroughputProbe() {
    }

    /**
     * Waits until {@code groupId} has committed {@code total} records of {@code inputTopic}.
     *
     * @param runningAtNanos {@link System#nanoTime()} when the app reached RUNNING
     */
    static Result await(Admin admin, String groupId, String inputTopic, long total, long runningAtNanos,
                        long timeoutSeconds, java.util.function.LongConsumer progress)
            throws InterruptedException, ExecutionException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long lastPrint = System.nanoTime();
        while (System.nanoTime() < deadline) {
            final long committed = committed(admin, groupId, inputTopic);
            final long now = System.nanoTime();
            if (committed >= total) {
                final double secs = (now - runningAtNanos) / 1e9;
                return new Result(committed, secs, committed / secs);
            }
            if (now - lastPrint > TimeUnit.SECONDS.toNanos(2)) {
                progress.accept(committed);
                lastPrint = now;
            }
            Thread.sleep(50); // polling interval of an external observer, not synchronisation
        }
        throw new IllegalStateException(groupId + " did not commit " + total + " records within " + timeoutSeconds + " s");
    }

    private static long committed(Admin admin, String groupId, String topic) throws InterruptedException, ExecutionException {
        final Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }
}
