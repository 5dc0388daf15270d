package org.fraudstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fraudstream.contract.Label;
import org.fraudstream.contract.Topics;
import org.fraudstream.contract.TransactionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay loop against a MockProducer; ScoringPipelineIT (local-runner) runs it against a real broker. */
class ReplayerTest {

    private static final GeneratorConfig GEN = new GeneratorConfig(9, 1_000, 0.05, 100);
    private static final EventParser PARSER = new EventParser();

    @TempDir
    Path dir;

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    @Test
    void shouldSendEveryRowAsAnEventKeyedByOriginWhenReplaying() throws InterruptedException {
        final List<PaySimRow> rows = rows(500);

        final ReplayStats stats = replayer(config(0.0, null, null)).run(rows.iterator(), Long.MAX_VALUE,
                ReplayProgress.NONE);

        assertThat(stats.sent()).isEqualTo(500);
        assertThat(stats.valid()).isEqualTo(500);
        assertThat(stats.invalidInjected()).isZero();
        assertThat(producer.history()).hasSize(500);
        for (int i = 0; i < rows.size(); i++) {
            final ProducerRecord<String, byte[]> r = producer.history().get(i);
            final TransactionEvent expected = rows.get(i).toEvent("t-" + i, Replayer.eventTimeMs(rows.get(i).step()));
            assertThat(r.topic()).isEqualTo("events");
            assertThat(r.key()).isEqualTo(rows.get(i).nameOrig());
            assertThat(PARSER.parse(r.value())).isEqualTo(new ParseResult.Valid(expected));
        }
        assertThat(producer.flushed()).isTrue();
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void shouldMixInMalformedRecordsWithoutTouchingRealOnesWhenInvalidRateIsSet() throws InterruptedException {
        final List<PaySimRow> rows = rows(2_000);

        final ReplayStats stats = replayer(config(0.1, null, null)).run(rows.iterator(), Long.MAX_VALUE,
                ReplayProgress.NONE);

        final List<TransactionEvent> valid = new ArrayList<>();
        long rejected = 0;
        final List<ProducerRecord<String, byte[]>> history = producer.history();
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
        assertThat(stats.sent()).isEqualTo(2_000 + stats.invalidInjected());
        assertThat(valid).hasSize(2_000);
        for (int i = 0; i < valid.size(); i++) {
            assertThat(valid.get(i)).isEqualTo(rows.get(i).toEvent("t-" + i, Replayer.eventTimeMs(rows.get(i).step())));
        }
    }

    @Test
    void shouldSendExactlyMaxEventsRecordsWhenMalformedOnesAreMixedIn() throws InterruptedException {
        final ReplayStats stats = replayer(config(0.3, null, null)).run(new TrafficGenerator(GEN), 1_001,
                ReplayProgress.NONE);

        assertThat(stats.sent()).isEqualTo(1_001).isEqualTo(producer.history().size());
        assertThat(stats.valid() + stats.invalidInjected()).isEqualTo(1_001);
        assertThat(PARSER.parse(producer.history().get(1_000).value())).isInstanceOf(ParseResult.Valid.class);
    }

    @Test
    void shouldWriteALabelPerRealEventWhenAFileAndATopicAreGiven() throws InterruptedException, IOException {
        final Path labels = dir.resolve("labels.csv");
        final List<PaySimRow> rows = rows(300);

        final ReplayStats stats = replayer(config(0.2, labels, "truth")).run(rows.iterator(), Long.MAX_VALUE,
                ReplayProgress.NONE);

        final List<String> lines = Files.readAllLines(labels);
        assertThat(lines).hasSize(301).first().isEqualTo("transactionId,isFraud,step");
        assertThat(stats.labelsWritten()).isEqualTo(300);
        final List<ProducerRecord<String, byte[]>> labelRecords = producer.history().stream()
                .filter(r -> r.topic().equals("truth")).toList();
        assertThat(labelRecords).hasSize(300);
        assertThat(producer.history()).filteredOn(r -> r.topic().equals("events")).hasSize((int) stats.sent());
        for (int i = 0; i < rows.size(); i++) {
            final Label expected = new Label("t-" + i, rows.get(i).isFraud(), rows.get(i).step());
            assertThat(lines.get(i + 1)).isEqualTo("t-" + i + "," + (expected.fraud() ? 1 : 0) + "," + expected.step());
            assertThat(labelRecords.get(i).key()).isEqualTo("t-" + i);
            assertThat(Topics.LABELS.valueSerde().deserializer().deserialize("truth", labelRecords.get(i).value()))
                    .isEqualTo(expected);
        }
        assertThat(lines).anyMatch(l -> l.contains(",1,"));
    }

    @Test
    void shouldStopAndReportWhenTheBrokerRejectsARecord() {
        final MockProducer<String, byte[]> failing = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer()) {
            private int sends;

            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> r, Callback callback) {
                if (++sends == 5) {
                    callback.onCompletion(null, new TimeoutException("not acknowledged"));
                    return CompletableFuture.failedFuture(new TimeoutException("not acknowledged"));
                }
                return super.send(r, callback);
            }
        };
        final Replayer replayer = new Replayer(config(0.0, null, null), () -> failing, System::nanoTime);

        assertThatThrownBy(() -> replayer.run(new TrafficGenerator(GEN), 1_000, ReplayProgress.NONE))
                .isInstanceOfSatisfying(ReplayException.class, e -> {
                    assertThat(e.failedSends()).isEqualTo(1);
                    assertThat(e.stats().sent()).isLessThan(1_000);
                    assertThat(e).hasMessageContaining("not acknowledged");
                });
        assertThat(failing.closed()).isTrue();
    }

    @Test
    void shouldReportProgressAboutOncePerSecondWhenTimePasses() throws InterruptedException {
        final long[] now = {0};
        final LongSupplier clock = () -> now[0] += 10_000_000L; // every reading: 10 ms later
        final List<ReplayStats> reports = new ArrayList<>();

        new Replayer(config(0.0, null, null), () -> producer, clock).run(new TrafficGenerator(GEN), 1_000, reports::add);

        assertThat(reports).hasSizeBetween(8, 12);
        assertThat(reports).extracting(ReplayStats::sent).isSorted().doesNotHaveDuplicates();
        assertThat(reports.get(0).elapsedSeconds()).isBetween(1.0, 1.1);
    }

    @Test
    void shouldConfigureAnIdempotentProducerWhenNothingIsOverridden() {
        final Map<String, Object> props = Replayer.producerConfig(config(0.0, null, null));

        assertThat(props).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1")
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

    private Replayer replayer(ReplayConfig cfg) {
        return new Replayer(cfg, () -> producer, System::nanoTime);
    }

    private static ReplayConfig config(double invalidRate, Path labelsFile, String labelsTopic) {
        return new ReplayConfig("localhost:1", "events", 0, invalidRate, 4, "t", labelsFile, labelsTopic, Map.of());
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
