package org.fraudstream.local;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The soak's readings: heap used after the last garbage collection (from the collectors'
 * notifications: plain used heap mostly measures how much garbage waits for the next young
 * collection), optionally after a forced full collection; bytes on disk under the state dirs
 * (RocksDB); and a consumer group's lag on one topic (end offsets minus committed offsets).
 */
final class SoakProbes implements AutoCloseable {

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener onGc = this::onGc;
    private volatile long heapAfterGc = -1;
    private final boolean fullGc;

    /** {@code fullGc}: force a full collection before each heap reading (a clean, but disturbing, figure). */
    SoakProbes(boolean fullGc) {
        this.fullGc = fullGc;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(onGc, null, null);
                emitters.add(e);
            }
        }
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        final GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                (CompositeData) n.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        heapAfterGc = used;
    }

    /** Heap used after the last collection, in bytes; -1 before the first one. */
    long heapAfterGc() {
        if (fullGc) {
            System.gc(); // -XX:+ExplicitGCInvokesConcurrent is not set: under G1 this is a full, stop-the-world GC
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        return heapAfterGc;
    }

    /** Bytes of the regular files under {@code dirs} (those that do not exist count 0). */
    static long bytesOnDisk(List<Path> dirs) {
        long total = 0;
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                total += files.mapToLong(SoakProbes::sizeOrZero).sum();
            } catch (IOException | UncheckedIOException e) {
                // RocksDB deletes files while we walk: count what the next sample finds
            }
        }
        return total;
    }

    private static long sizeOrZero(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0; // deleted (compaction) between listing and reading
        }
    }

    /** Records of {@code topic} not yet committed by {@code group}: end offsets minus committed ones. */
    static long lag(Admin admin, String group, String topic) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        final List<TopicPartition> parts = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(10, TimeUnit.SECONDS).get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        parts.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        final var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition tp : parts) {
            final OffsetAndMetadata c = committed.get(tp);
            lag += ends.get(tp).offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(onGc);
            } catch (ListenerNotFoundException ignored) {
                // never added
            }
        }
    }
}
