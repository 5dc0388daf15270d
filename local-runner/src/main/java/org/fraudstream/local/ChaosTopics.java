package org.fraudstream.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.fraudstream.kafka.EmbeddedKafka;

/**
 * The suite's topics on a broker outside this JVM (the lists of {@link Suite}): created when missing,
 * then awaited until every partition has a leader, since a broker that has just (re)started answers
 * a creation before its partitions can take writes.
 */
final class ChaosTopics {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private ChaosTopics() {
    }

    static void create(String bootstrapServers, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            EmbeddedKafka.createMissingTopics(admin, Suite.partitionedTopics(), partitions, Map.of());
            EmbeddedKafka.createMissingTopics(admin, Suite.compactedTopics(), 1, Map.of("cleanup.policy", "compact"));
            final List<String> all = new ArrayList<>(Suite.partitionedTopics());
            all.addAll(Suite.compactedTopics());
            awaitLeaders(admin, all);
        }
    }

    /** Polls the topics' descriptions until each partition has a leader, or fails after a deadline. */
    static void awaitLeaders(Admin admin, List<String> names) throws Exception {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                final Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get();
                if (d.values().stream().flatMap(t -> t.partitions().stream()).allMatch(ChaosTopics::led)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " without leaders after " + TIMEOUT);
            }
            Thread.sleep(100); // polling the broker's metadata with a deadline
        }
    }

    private static boolean led(TopicPartitionInfo p) {
        return p.leader() != null && !p.leader().isEmpty();
    }
}
