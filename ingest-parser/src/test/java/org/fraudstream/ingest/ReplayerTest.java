package org.fraudstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fraudstream.contract.Label;
import org.fraudstream.contract.Topics;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.kafka.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay loop against a real broker (Kafka's own KRaft server, in this JVM): what it sends is
 * read back from the topics. Single-partition topics, so the read order is the send order.
 */
class ReplayerTest {

    private static final GeneratorConfig GEN = new GeneratorConfig(9, 1_000, 0.05, 100);
    private static final EventParser PARSER = new EventParser();

    @TempDir
    static Path brokerDir;

    @TempDir
    Path dir;

    private static EmbeddedKafka kafka;
    private final String events = "events-" + UUID.randomUUID();

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldSendEveryRowAsAnEventKeyedByOriginWhenReplaying() throws Exception {
        final List<PaySimRow> rows = rows(500);

        final ReplayStats stats = new Replayer(config(0.0, null, null)).run(rows.iterator(), Long.MAX_VALUE,
                ReplayProgress.NONE);

        assertThat(stats.sent()).isEqualTo(500);
        assertThat(stats.valid()).isEqualTo(500);
        assertThat(stats.invalidInjected()).isZero();
        final List<ConsumerRecord<String, byte[]>> sent = readAll(events);
        assertThat(sent).hasSize(500);
        for (int i = 0; i < rows.size(); i++) {
            final ConsumerRecord<String, byte[]> r = sent.get(i);
            final TransactionEvent expected = rows.get(i).toEvent("t-" + i, Replayer.eventTimeMs(rows.get(i).step()));
            assertThat(r.key()).isEqualTo(rows.get(i).nameOrig());
            assertThat(PARSER.parse(r.value())).isEqualTo(new ParseResult.Valid(expected));
        }
    }

    @Test
    void shouldMixInMalformedRecordsWithoutTouchingRealOnesWhenInvalidRateIsSet() throws Exception {
        final List<PaySimRow> rows = rows(2_000);

        final ReplayStats stats = new Replayer(config(0.1, null, null)).run(rows.iterator(), Long.MAX_VALUE,
                ReplayProgress.NONE);

        final List<TransactionEvent> valid = new ArrayList<>();
        long rejected = 0;
        final List<ConsumerRecord<String, byte[]>> history = readAll(events);
        for (int i = 0; i < history.size(); i++) {
            final ParseResult result = PARSER.parse(history.get(i).value());
            if (result instanceof ParseResult.Valid v) {
                valid.add(v.event());
            } else {
                rejected++;
                assertThat(history.get(i).key()).as("keyed like the event after it")
                        .isEqualTo(PARSER.parse(history.get(i + 1).value()) instanceof ParseResult.Valid v
                                ? v.event().nameOrig() : null);
            }
        }
        assertThat(rejected).isEqualTo(stats.invalidInjected()).isBetween(120L, 280L);
        assertThat(stats.sent()).isEqualTo(2_000 + stats.invalidInjected()).isEqualTo(history.size());
        assertThat(valid).hasSize(2_000);
        for (int i = 0; i < valid.size(); i++) {
            assertThat(valid.get(i)).isEqualTo(rows.get(i).toEvent("t-" + i, Replayer.eventTimeMs(rows.get(i).step())));
        }
    }

    @Test
    void shouldSendExactlyMaxEventsRecordsWhenMalformedOnesAreMixedIn() throws Exception {
        final ReplayStats stats = new Replayer(config(0.3, null, null)).run(new TrafficGenerator(GEN), 1_001,
                ReplayProgress.NONE);

        final List<ConsumerRecord<String, byte[]>> sent = readAll(events);
        assertThat(stats.sent()).isEqualTo(1_001).isEqualTo(sent.size());
        assertThat(stats.valid() + stats.invalidInjected()).isEqualTo(1_001);
        assertThat(PARSER.parse(sent.get(1_000).value())).isInstanceOf(ParseResult.Valid.class);
    }

    @Test
    void shouldWriteALabelPerRealEventWhenAFileAndATopicAreGiven() throws Exception {
        final Path labels = dir.resolve("labels.csv");
        final String truth = "truth-" + UUID.randomUUID();
        final List<PaySimRow> rows = rows(300);

        final ReplayStats stats = new Replayer(config(0.2, labels, truth)).run(rows.iterator(), Long.MAX_VALUE,
                ReplayProgress.NONE);

        final List<String> lines = Files.readAllLines(labels);
        assertThat(lines).hasSize(301).first().isEqualTo("transactionId,isFraud,step");
        assertThat(stats.labelsWritten()).isEqualTo(300);
        final List<ConsumerRecord<String, byte[]>> labelRecords = readAll(truth);
        assertThat(labelRecords).hasSize(300);
        assertThat(readAll(events)).hasSize((int) stats.sent());
        for (int i = 0; i < rows.size(); i++) {
            final Label expected = new Label("t-" + i, rows.get(i).isFraud(), rows.get(i).step());
            assertThat(lines.get(i + 1)).isEqualTo("t-" + i + "," + (expected.fraud() ? 1 : 0) + "," + expected.step());
            assertThat(labelRecords.get(i).key()).isEqualTo("t-" + i);
            assertThat(Topics.LABELS.valueSerde().deserializer().deserialize(truth, labelRecords.get(i).value()))
                    .isEqualTo(expected);
        }
        assertThat(lines).anyMatch(l -> l.contains(",1,"));
    }

    @Test
    void shouldStopAndReportWhenTheBrokerRejectsRecords() throws Exception {
        try (Admin admin = kafka.admin()) { // a topic whose records may not exceed 100 bytes: every event is larger
            admin.createTopics(List.of(new NewTopic(events, 1, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "100")))).all().get();
        }
        final Replayer replayer = new Replayer(config(0.0, null, null));

        assertThatThrownBy(() -> replayer.run(new TrafficGenerator(GEN), 1_000, ReplayProgress.NONE))
                .isInstanceOfSatisfying(ReplayException.class, e -> {
                    assertThat(e.failedSends()).isPositive();
                    assertThat(e).hasMessageContaining("not acknowledged");
                });
        assertThat(readAll(events)).isEmpty();
    }

    @Test
    void shouldReportProgressAboutOncePerSecondWhenTimePasses() throws Exception {
        final long[] now = {0};
        final LongSupplier clock = () -> now[0] += 10_000_000L; // every reading: 10 ms later
        final List<ReplayStats> reports = new ArrayList<>();
        final ReplayConfig cfg = config(0.0, null, null);

        new Replayer(cfg, () -> new org.apache.kafka.clients.producer.KafkaProducer<>(Replayer.producerConfig(cfg),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer()), clock)
                .run(new TrafficGenerator(GEN), 1_000, reports::add);

        assertThat(reports).hasSizeBetween(8, 12);
        assertThat(reports).extracting(ReplayStats::sent).isSorted().doesNotHaveDuplicates();
        assertThat(reports.get(0).elapsedSeconds()).isBetween(1.0, 1.1);
    }

    @Test
    void shouldConfigureAnIdempotentProducerWhenNothingIsOverridden() {
        final Map<String, Object> props = Replayer.producerConfig(config(0.0, null, null));

        assertThat(props).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 65_536);
    }

    @Test
    void shouldLetOverridesWinWhenGiven() {
        final ReplayConfig cfg = new ReplayConfig("localhost:1", "events", 0, 0, 1, "t", null, null,
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 50, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));

        assertThat(Replayer.producerConfig(cfg)).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 50)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }

    @Test
    void shouldRefuseToSendLabelsToTheEventsTopicWhenConfigured() {
        assertThatThrownBy(() -> new ReplayConfig("localhost:1", "events", 0, 0, 1, "t", null, "events", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels");
    }

    @Test
    void shouldPlaceStepsOneHourApartWhenComputingEventTime() {
        assertThat(Replayer.eventTimeMs(0)).isEqualTo(Replayer.EVENT_TIME_BASE_MS).isEqualTo(1_704_067_200_000L);
        assertThat(Replayer.eventTimeMs(743) - Replayer.eventTimeMs(742)).isEqualTo(3_600_000L);
    }

    private ReplayConfig config(double invalidRate, Path labelsFile, String labelsTopic) {
        createIfMissing(events);
        if (labelsTopic != null) {
            createIfMissing(labelsTopic);
        }
        return new ReplayConfig(kafka.bootstrapServers(), events, 0, invalidRate, 5, "t", labelsFile, labelsTopic,
                Map.of());
    }

    private static void createIfMissing(String topic) {
        try (Admin admin = kafka.admin()) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
    }

    /** Every record of a single-partition topic, in offset order. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "read-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            final TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            final long end = c.endOffsets(List.of(tp)).get(tp);
            final List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            while (c.position(tp) < end) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    private static List<PaySimRow> rows(int n) {
        final TrafficGenerator g = new TrafficGenerator(GEN);
        final List<PaySimRow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(g.next());
        }
        return out;
    }
}
