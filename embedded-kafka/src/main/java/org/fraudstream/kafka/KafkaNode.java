package org.fraudstream.kafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.coordinator.group.GroupCoordinatorConfig;
import org.apache.kafka.coordinator.transaction.TransactionLogConfig;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One Kafka node, broker and controller combined (KRaft), on fixed ports and a data directory that
 * outlives it: Kafka's own {@link KafkaRaftServer}, as {@code kafka-server-start.sh} runs it. The
 * directory is formatted on the first start only, so a restart on the same directory and port keeps
 * topics, committed offsets and transaction state. Clients connect to {@code localhost:port}; the
 * controller listens on {@code controllerPort}. Replication factors are 1, as one node requires.
 */
public final class KafkaNode implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KafkaNode.class);
    private static final int NODE_ID = 1;
    private static final String LOG4J_CONFIG = "log4j2.configurationFile";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private KafkaNode(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats {@code dataDir} when it holds no node yet, starts the node and returns once a client can
     * reach it (the broker is unfenced and answers metadata requests).
     */
    public static KafkaNode start(Path dataDir, int port, int controllerPort) throws Exception {
        if (port <= 0 || controllerPort <= 0 || port == controllerPort) {
            throw new IllegalArgumentException("a node needs two distinct fixed ports, got " + port + " and "
                    + controllerPort);
        }
        final Path logs = dataDir.toAbsolutePath().resolve("logs");
        Files.createDirectories(logs);
        if (System.getProperty(LOG4J_CONFIG) == null) {
            System.setProperty(LOG4J_CONFIG, "classpath:kafka-node-log4j2.properties");
        }
        final KafkaConfig config = KafkaConfig.fromProps(properties(logs, port, controllerPort), false);
        if (!Files.exists(logs.resolve("meta.properties"))) {
            format(logs);
        } else {
            LOG.info("reusing the formatted data dir {}", logs);
        }
        final KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        final KafkaNode node = new KafkaNode(server, "localhost:" + port);
        try {
            server.startup();
            node.awaitReachable();
        } catch (Exception e) {
            node.close();
            throw e;
        }
        return node;
    }

    static Properties properties(Path logs, int port, int controllerPort) {
        final Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logs.toString());
        p.put("auto.create.topics.enable", "false"); // a missing topic is a mistake to see, not to paper over
        p.put(GroupCoordinatorConfig.OFFSETS_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
        p.put(GroupCoordinatorConfig.OFFSETS_TOPIC_PARTITIONS_CONFIG, "4");
        p.put(GroupCoordinatorConfig.GROUP_INITIAL_REBALANCE_DELAY_MS_CONFIG, "0");
        p.put(TransactionLogConfig.TRANSACTIONS_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
        p.put(TransactionLogConfig.TRANSACTIONS_TOPIC_MIN_ISR_CONFIG, "1");
        p.put(TransactionLogConfig.TRANSACTIONS_TOPIC_PARTITIONS_CONFIG, "4");
        return p;
    }

    /** Writes meta.properties and the bootstrap metadata, as {@code kafka-storage.sh format} does. */
    private static void format(Path logs) throws Exception {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new Formatter()
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .addDirectory(logs.toString())
                .setMetadataLogDirectory(logs.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setPrintStream(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .run();
        LOG.info("formatted {}: {}", logs, printed.toString(StandardCharsets.UTF_8).trim());
    }

    /** Polls the node with an admin client until it names itself in the cluster, or fails after a deadline. */
    private void awaitReachable() throws Exception {
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get().isEmpty()) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the node on " + bootstrapServers + " did not answer within "
                                + READY_TIMEOUT, e.getCause());
                    }
                }
                Thread.sleep(100); // poll interval; the answer decides
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Blocks until the node has shut down (after {@link #close()}, e.g. from a shutdown hook). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    /** A controlled shutdown: logs flushed, a clean-shutdown marker written, so the next start skips recovery. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
