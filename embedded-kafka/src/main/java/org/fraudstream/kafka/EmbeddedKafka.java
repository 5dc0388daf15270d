package org.fraudstream.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.coordinator.group.GroupCoordinatorConfig;
import org.apache.kafka.coordinator.transaction.TransactionLogConfig;
import org.apache.kafka.network.SocketServerConfigs;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real, single-node Kafka cluster (KRaft, combined broker and controller) in this JVM: Kafka's own
 * server, started through its test kit. Replication factors are 1, as a single node requires.
 * {@link #startWithScram} starts one whose clients must authenticate with SASL/SCRAM.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmbeddedKafka.class);

    /** The client listener of a SCRAM cluster; its inter-broker listener stays PLAINTEXT. */
    static final String SASL_LISTENER = "SASL";
    private static final String SCRAM_SERVER_JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
    private static final int SCRAM_ITERATIONS = 4096;
    private static final Duration USERS_VISIBLE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClusterTestKit cluster;
    private final String clientBootstrapServers;
    private final ClientProxy proxy;

    private EmbeddedKafka(KafkaClusterTestKit cluster, String clientBootstrapServers) {
        this(cluster, clientBootstrapServers, null);
    }

    private EmbeddedKafka(KafkaClusterTestKit cluster, String clientBootstrapServers, ClientProxy proxy) {
        this.cluster = cluster;
        this.clientBootstrapServers = clientBootstrapServers;
        this.proxy = proxy;
    }

    /** A user of a SCRAM cluster, known under both SCRAM-SHA-256 and SCRAM-SHA-512. */
    public record ScramUser(String name, String password) {
        public ScramUser {
            if (name == null || name.isBlank() || password == null || password.isEmpty()) {
                throw new IllegalArgumentException("a SCRAM user needs a name and a password");
            }
        }

        @Override
        public String toString() {
            return "ScramUser[" + name + "]";
        }
    }

    /** Formats {@code dataDir} and starts the node; returns once the broker accepts requests. */
    public static EmbeddedKafka start(Path dataDir) throws Exception {
        final KafkaClusterTestKit cluster = startCluster(dataDir, false, 0);
        return new EmbeddedKafka(cluster, cluster.bootstrapServers());
    }

    /**
     * As {@link #start(Path)}, with the clients' way to the broker through a relay that
     * {@link #cutClients()} breaks and {@link #restoreClients()} mends: an outage of the broker, as
     * its clients see it, followed by its return on the same address with the same data. The broker
     * advertises the relay's address, so every client connection (and the broker's own, to itself)
     * goes through it; the controller's does not.
     */
    public static EmbeddedKafka startWithOutages(Path dataDir) throws Exception {
        final ClientProxy proxy = new ClientProxy();
        try {
            final KafkaClusterTestKit cluster = startCluster(dataDir, false, proxy.port());
            proxy.start(cluster.brokers().values().iterator().next()
                    .boundPort(cluster.nodes().brokerListenerName()));
            return new EmbeddedKafka(cluster, "localhost:" + proxy.port(), proxy);
        } catch (Exception e) {
            proxy.close();
            throw e;
        }
    }

    /** Closes every client connection and refuses new ones: to its clients, the broker is gone. */
    public void cutClients() {
        requireProxy().cut();
    }

    /** Lets clients reach the broker again, on the same address. */
    public void restoreClients() {
        requireProxy().restore();
    }

    /** Client connections refused while cut: shows that clients tried, and failed, to reach the broker. */
    public long refusedConnections() {
        return requireProxy().refused();
    }

    private ClientProxy requireProxy() {
        if (proxy == null) {
            throw new IllegalStateException("outages need a broker started with startWithOutages");
        }
        return proxy;
    }

    /**
     * As {@link #start(Path)}, but clients must authenticate: {@link #bootstrapServers()} is a
     * SASL_PLAINTEXT listener that accepts SCRAM-SHA-256 and SCRAM-SHA-512 and knows only {@code users}.
     * The broker talks to itself (transaction markers) over a PLAINTEXT listener, which {@link #admin()}
     * also uses to create the users, since in KRaft SCRAM credentials are metadata.
     */
    public static EmbeddedKafka startWithScram(Path dataDir, List<ScramUser> users) throws Exception {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("a SCRAM cluster needs at least one user");
        }
        final KafkaClusterTestKit cluster = startCluster(dataDir, true, 0);
        try {
            final int port = cluster.brokers().values().iterator().next()
                    .boundPort(ListenerName.normalised(SASL_LISTENER));
            final EmbeddedKafka kafka = new EmbeddedKafka(cluster, "localhost:" + port);
            kafka.createScramUsers(users);
            return kafka;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code advertisedPort}: the port the broker's client listener advertises, 0 for its own. */
    private static KafkaClusterTestKit startCluster(Path dataDir, boolean scram, int advertisedPort) throws Exception {
        Files.createDirectories(dataDir);
        final TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION)
                .setBaseDirectory(dataDir)
                .build();
        final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp(GroupCoordinatorConfig.OFFSETS_TOPIC_REPLICATION_FACTOR_CONFIG, "1")
                .setConfigProp(GroupCoordinatorConfig.OFFSETS_TOPIC_PARTITIONS_CONFIG, "4")
                .setConfigProp(GroupCoordinatorConfig.GROUP_INITIAL_REBALANCE_DELAY_MS_CONFIG, "0")
                .setConfigProp(TransactionLogConfig.TRANSACTIONS_TOPIC_REPLICATION_FACTOR_CONFIG, "1")
                .setConfigProp(TransactionLogConfig.TRANSACTIONS_TOPIC_MIN_ISR_CONFIG, "1")
                .setConfigProp(TransactionLogConfig.TRANSACTIONS_TOPIC_PARTITIONS_CONFIG, "4")
                .setDeleteOnClose(false);
        if (scram) {
            addScramListener(builder, nodes);
        }
        if (advertisedPort > 0) {
            builder.setConfigProp(SocketServerConfigs.ADVERTISED_LISTENERS_CONFIG,
                    nodes.brokerListenerName().value() + "://localhost:" + advertisedPort);
        }
        final KafkaClusterTestKit cluster = builder.build();
        try {
            formatQuietly(cluster, dataDir);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * A third listener, SASL_PLAINTEXT with SCRAM, beside the test kit's own two. The server side of
     * SCRAM needs a JAAS login module but no user list (users live in the metadata log): it is given per
     * listener and mechanism, so nothing JVM-wide (java.security.auth.login.config) is touched.
     */
    private static void addScramListener(KafkaClusterTestKit.Builder builder, TestKitNodes nodes) {
        final String internal = nodes.brokerListenerName().value();
        final String controller = nodes.controllerListenerName().value();
        builder.setConfigProp(SocketServerConfigs.LISTENERS_CONFIG, String.format("%s://localhost:0,%s://localhost:0,"
                        + "%s://localhost:0", internal, controller, SASL_LISTENER))
                .setConfigProp(SocketServerConfigs.LISTENER_SECURITY_PROTOCOL_MAP_CONFIG, String.format(
                        "%s:%s,%s:%s,%s:%s", internal, SecurityProtocol.PLAINTEXT.name, controller,
                        SecurityProtocol.PLAINTEXT.name, SASL_LISTENER, SecurityProtocol.SASL_PLAINTEXT.name))
                .setConfigProp(BrokerSecurityConfigs.SASL_ENABLED_MECHANISMS_CONFIG, ScramMechanism.SCRAM_SHA_256
                        .mechanismName() + "," + ScramMechanism.SCRAM_SHA_512.mechanismName());
        for (ScramMechanism m : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
            builder.setConfigProp(ListenerName.normalised(SASL_LISTENER).saslMechanismConfigPrefix(m.mechanismName())
                    + SaslConfigs.SASL_JAAS_CONFIG, SCRAM_SERVER_JAAS);
        }
    }

    /** Creates the users under both mechanisms and waits until the broker knows them. */
    private void createScramUsers(List<ScramUser> users) throws Exception {
        try (Admin admin = admin()) {
            // One request per mechanism: a request may alter each user's credential only once.
            for (ScramMechanism m : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
                final List<UserScramCredentialAlteration> upserts = new ArrayList<>();
                for (ScramUser u : users) {
                    upserts.add(new UserScramCredentialUpsertion(u.name(), new ScramCredentialInfo(m, SCRAM_ITERATIONS),
                            u.password()));
                }
                admin.alterUserScramCredentials(upserts).all().get();
            }
            final Set<String> wanted = users.stream().map(ScramUser::name).collect(Collectors.toSet());
            final long deadline = System.nanoTime() + USERS_VISIBLE_TIMEOUT.toNanos();
            Set<String> known = Set.of();
            while (!known.containsAll(wanted)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("SCRAM users " + wanted + " not visible on the broker within "
                            + USERS_VISIBLE_TIMEOUT + "; it knows " + known);
                }
                known = admin.describeUserScramCredentials().all().get().entrySet().stream()
                        .filter(e -> e.getValue().credentialInfos().size() == 2)
                        .map(Map.Entry::getKey).collect(Collectors.toSet());
                Thread.sleep(known.containsAll(wanted) ? 0 : 20); // poll interval; the condition decides
            }
            LOG.info("SCRAM users {} on listener {}", wanted, SASL_LISTENER);
        }
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

    /** Where clients connect: under {@link #startWithScram} a listener that requires SASL/SCRAM. */
    public String bootstrapServers() {
        return clientBootstrapServers;
    }

    /** An admin client on the broker's PLAINTEXT listener (the client listener's itself otherwise). */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    /** Creates the topics that do not exist yet, each with {@code partitions} partitions. */
    public void createTopics(Collection<String> names, int partitions) throws InterruptedException, ExecutionException {
        createTopics(names, partitions, java.util.Map.of());
    }

    /** As {@link #createTopics(Collection, int)}, with topic configs (e.g. {@code cleanup.policy=compact}). */
    public void createTopics(Collection<String> names, int partitions, java.util.Map<String, String> configs)
            throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            createMissingTopics(admin, names, partitions, configs);
        }
    }

    /**
     * Creates those of {@code names} that {@code admin}'s cluster does not have yet (one replica each):
     * for a broker of this JVM or one elsewhere. A topic created meanwhile by someone else is fine.
     */
    public static void createMissingTopics(Admin admin, Collection<String> names, int partitions,
                                           java.util.Map<String, String> configs)
            throws InterruptedException, ExecutionException {
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

    @Override
    public void close() throws Exception {
        try {
            cluster.close();
        } finally {
            if (proxy != null) {
                proxy.close();
            }
        }
    }
}
