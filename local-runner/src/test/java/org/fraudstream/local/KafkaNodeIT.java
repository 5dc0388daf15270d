package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fraud broker} as a process of its own: what was written, committed and offset-committed
 * before a SIGTERM is there after a restart on the same data dir and port.
 */
class KafkaNodeIT {

    private static final String TOPIC = "kept";
    private static final String GROUP = "reader";

    @TempDir
    Path dir;

    @Test
    void shouldKeepTopicsRecordsTransactionsAndOffsetsAcrossARestart() throws Exception {
        final int port = freePort();
        final int controllerPort = freePort();
        final String bootstrap = "localhost:" + port;

        final ChildJvm first = startBroker(port, controllerPort);
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
            ChaosTopics.awaitLeaders(admin, List.of(TOPIC));
        }
        writeInTransactions(bootstrap, "committed-", true);
        writeInTransactions(bootstrap, "aborted-", false);
        commitOffset(bootstrap, new TopicPartition(TOPIC, 0), 3);
        assertThat(first.stop(Duration.ofMinutes(1))).isEqualTo(143); // SIGTERM, not the grace period's SIGKILL
        assertThat(java.nio.file.Files.readString(first.log())).contains("broker: stopped"); // the controlled shutdown ran

        try (ChildJvm second = startBroker(port, controllerPort)) {
            try (Admin admin = admin(bootstrap)) {
                assertThat(admin.listTopics().names().get()).contains(TOPIC);
                final Map<TopicPartition, OffsetAndMetadata> offsets =
                        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                assertThat(offsets.get(new TopicPartition(TOPIC, 0)).offset()).isEqualTo(3);
            }
            final List<String> values = readCommitted(bootstrap, 10);
            assertThat(values).hasSize(10).allMatch(v -> v.startsWith("committed-"));
            // a new transactional producer with the same id can still work: the coordinator kept its state
            writeInTransactions(bootstrap, "after-restart-", true);
            assertThat(readCommitted(bootstrap, 20)).hasSize(20);
        }
    }

    private ChildJvm startBroker(int port, int controllerPort) throws Exception {
        final ChildJvm broker = ChildJvm.start("broker", FraudCli.class.getName(), List.of("-Xmx512m"),
                List.of("broker", "--port", Integer.toString(port), "--controller-port", Integer.toString(controllerPort),
                        "--data-dir", dir.resolve("data").toString()),
                Map.of("FRAUD_WORK_DIR", dir.resolve("logs").toString()), dir.resolve("broker.log"));
        assertThat(broker.awaitLine(BrokerCommand.READY, Duration.ofMinutes(2))).isEqualTo("localhost:" + port);
        return broker;
    }

    private static void writeInTransactions(String bootstrap, String prefix, boolean commit) {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "kafka-node-it"), new StringSerializer(), new StringSerializer())) {
            p.initTransactions();
            p.beginTransaction();
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>(TOPIC, Integer.toString(i), prefix + i));
            }
            if (commit) {
                p.commitTransaction();
            } else {
                p.flush();
                p.abortTransaction();
            }
        }
    }

    private static void commitOffset(String bootstrap, TopicPartition tp, long offset) {
        try (KafkaConsumer<String, String> c = consumer(bootstrap, GROUP)) {
            c.assign(List.of(tp));
            c.commitSync(Map.of(tp, new OffsetAndMetadata(offset)));
        }
    }

    /**
     * What a read_committed consumer sees once it has at least {@code expected} records and has reached
     * the partitions' ends: commitTransaction returns before the coordinator has written the commit
     * markers, so the ends (the last stable offsets) are read again on every poll.
     */
    private static List<String> readCommitted(String bootstrap, int expected) throws InterruptedException {
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = consumer(bootstrap, "check-" + System.nanoTime())) {
            final List<TopicPartition> parts = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
            c.assign(parts);
            c.seekToBeginning(parts);
            Await.until(() -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
                final Map<TopicPartition, Long> end = c.endOffsets(parts);
                return values.size() >= expected && parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
            }, Duration.ofMinutes(1), values::toString);
        }
        return values;
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
