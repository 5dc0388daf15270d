package org.fraudstream.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.coordinator.group.GroupCoordinatorConfig;
import org.apache.kafka.coordinator.transaction.TransactionLogConfig;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real, single-node Kafka cluster (KRaft, combined broker and controller) in this JVM: Kafka's own
 * server, started through its test kit. Replication factors are 1, as a single node requires.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats {@code dataDir} and starts the node; returns once the broker accepts requests. */
    public static EmbeddedKafka start(Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        final TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION)
                .setBaseDirectory(dataDir)
                .build();
        final KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp(GroupCoordinatorConfig.OFFSETS_TOPIC_REPLICATION_FACTOR_CONFIG, "1")
                .setConfigProp(GroupCoordinatorConfig.OFFSETS_TOPIC_PARTITIONS_CONFIG, "4")
                .setConfigProp(GroupCoordinatorConfig.GROUP_INITIAL_REBALANCE_DELAY_MS_CONFIG, "0")
                .setConfigProp(TransactionLogConfig.TRANSACTIONS_TOPIC_REPLICATION_FACTOR_CONFIG, "1")
                .setConfigProp(TransactionLogConfig.TRANSACTIONS_TOPIC_MIN_ISR_CONFIG, "1")
                .setConfigProp(TransactionLogConfig.TRANSACTIONS_TOPIC_PARTITIONS_CONFIG, "4")
                .setDeleteOnClose(false)
                .build();
        try {
            formatQuietly(cluster, dataDir);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster);
    }

    /**
     * Kafka's storage formatter prints its bootstrap records on standard output; that belongs in
     * the log, not between the live figures. Nothing else runs while the node is formatted.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster, Path dataDir) throws Exception {
        final java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        final java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            cluster.format();
        } finally {
            System.setOut(stdout);
            LOG.info("formatted {}: {}", dataDir, captured.toString(java.nio.charset.StandardCharsets.UTF_8).trim());
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Creates the topics that do not exist yet, each with {@code partitions} partitions. */
    public void createTopics(Collection<String> names, int partitions) throws InterruptedException, ExecutionException {
        createTopics(names, partitions, java.util.Map.of());
    }

    /** As {@link #createTopics(Collection, int)}, with topic configs (e.g. {@code cleanup.policy=compact}). */
    public void createTopics(Collection<String> names, int partitions, java.util.Map<String, String> configs)
            throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            final Set<String> existing = admin.listTopics().names().get();
            final var fresh = names.stream().filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, partitions, (short) 1).configs(configs)).collect(Collectors.toList());
            try {
                admin.createTopics(fresh).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
