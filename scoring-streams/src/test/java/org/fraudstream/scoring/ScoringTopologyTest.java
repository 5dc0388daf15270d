package org.fraudstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.fraudstream.contract.AccountState;
import org.fraudstream.contract.DlqRecord;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.RejectReason;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.ingest.EventParser;
import org.fraudstream.model.Scorer;
import org.fraudstream.scoring.internals.DlqHeaders;
import org.fraudstream.scoring.internals.DlqProcessingExceptionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScoringTopologyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScoringMetrics metrics = new ScoringMetrics(registry);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> in;
    private TestOutputTopic<String, ScoredEvent> anomalies;
    private TestOutputTopic<String, ScoredEvent> metricsOut;
    private TestOutputTopic<String, ScoredEvent> scored;
    private TestOutputTopic<String, DlqRecord> dlq;

    private void start(Scorer scorer) {
        final ScoringTopics t = ScoringTopics.defaults();
        final ScoringConfig cfg = new ScoringConfig("unused:9092", "topology-test", StreamsConfig.EXACTLY_ONCE_V2,
                stateDir, stateDir, 1, null, "", ScoringConfig.NO_HTTP, Map.of());
        final Properties props = cfg.toStreamsProperties();
        props.put(DlqProcessingExceptionHandler.METRICS_CONFIG, metrics);
        driver = new TopologyTestDriver(ScoringTopology.build(t, new ModelHolder(scorer), new EventParser(), metrics),
                props);
        in = driver.createInputTopic(t.transactions().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        anomalies = driver.createOutputTopic(t.anomalies().name(), Serdes.String().deserializer(), t.anomalies().valueSerde().deserializer());
        metricsOut = driver.createOutputTopic(t.metrics().name(), Serdes.String().deserializer(), t.metrics().valueSerde().deserializer());
        scored = driver.createOutputTopic(t.scored().name(), Serdes.String().deserializer(), t.scored().valueSerde().deserializer());
        dlq = driver.createOutputTopic(t.dlq().name(), Serdes.String().deserializer(), t.dlq().valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldRouteToAnomaliesWhenScoreReachesThresholdAndToMetricsBelowIt() {
        start(new AmountScorer(1000.0, "v-test"));
        in.pipeInput("C1", Events.bytes("t-at", "C1", 1, "TRANSFER", 1000.0), T0);
        in.pipeInput("C2", Events.bytes("t-below", "C2", 1, "TRANSFER", 999.99), T0);
        in.pipeInput("C3", Events.bytes("t-above", "C3", 1, "CASH_OUT", 4000.0), T0);

        final List<ScoredEvent> a = anomalies.readValuesToList();
        final List<ScoredEvent> m = metricsOut.readValuesToList();
        assertThat(a).extracting(ScoredEvent::transactionId).containsExactly("t-at", "t-above");
        assertThat(m).extracting(ScoredEvent::transactionId).containsExactly("t-below");
        assertThat(a).allSatisfy(s -> {
            assertThat(s.anomaly()).isTrue();
            assertThat(s.modelVersion()).isEqualTo("v-test");
            assertThat(s.features()).as("anomalies carry no feature vector").isNull();
            assertThat(s.reasons()).isNotEmpty();
        });
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldWriteEveryScoredEventWithItsServedFeaturesKeyedByTransactionId() {
        start(new AmountScorer(1000.0, "v-test"));
        in.pipeInput("C1", Events.bytes("t-1", "C1", 3, "PAYMENT", 10.0), T0);

        final TestRecord<String, ScoredEvent> r = scored.readRecord();
        assertThat(r.key()).isEqualTo("t-1");
        assertThat(r.value().features()).hasSize(FeaturesV1.SIZE);
        assertThat(r.value().featuresVersion()).isEqualTo(FeaturesV1.VERSION);
        assertThat(r.value().accountId()).isEqualTo("C1");
        assertThat(r.value().reasons()).as("the feature log carries no reasons").isNull();
        assertThat(metricsOut.readValue().reasons()).as("outcomes carry the reasons").isNotEmpty();
        assertThat(r.timestamp()).as("outputs keep the input timestamp").isEqualTo(T0.toEpochMilli());
    }

    static Stream<Arguments> rejectedPayloads() {
        final String ok = Events.json("t-x", "C1", 1, "TRANSFER", 10.0);
        return Stream.of(
                Arguments.of(RejectReason.EMPTY_PAYLOAD, ""),
                Arguments.of(RejectReason.OVERSIZE, "{\"pad\":\"" + "x".repeat(20_000) + "\"}"),
                Arguments.of(RejectReason.NOT_JSON, "{\"transactionId\": "),
                Arguments.of(RejectReason.NOT_OBJECT, "[1,2,3]"),
                Arguments.of(RejectReason.MISSING_FIELD, ok.replace("\"amount\":10.0,", "")),
                Arguments.of(RejectReason.WRONG_TYPE, ok.replace("\"amount\":10.0", "\"amount\":\"ten\"")),
                Arguments.of(RejectReason.UNKNOWN_FIELD, ok.replace("{", "{\"colour\":\"red\",")),
                Arguments.of(RejectReason.UNKNOWN_TYPE, ok.replace("TRANSFER", "WIRE")),
                Arguments.of(RejectReason.INVALID_AMOUNT, ok.replace("\"amount\":10.0", "\"amount\":-10.0")),
                Arguments.of(RejectReason.INVALID_AMOUNT, ok.replace("\"amount\":10.0", "\"amount\":NaN")),
                Arguments.of(RejectReason.INVALID_BALANCE, ok.replace("\"oldbalanceOrg\":5000.0", "\"oldbalanceOrg\":Infinity")),
                Arguments.of(RejectReason.INVALID_STEP, ok.replace("\"step\":1", "\"step\":-1")),
                Arguments.of(RejectReason.INVALID_EVENT_TIME, ok.replaceFirst("\"eventTime\":\\d+", "\"eventTime\":-5")),
                Arguments.of(RejectReason.INVALID_ID, ok.replace("\"nameOrig\":\"C1\"", "\"nameOrig\":\"  \"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedPayloads")
    void shouldSendRejectedPayloadToDlqWithReasonAndSourceOffset(RejectReason reason, String payload) {
        start(new AmountScorer(1000.0, "v-test"));
        in.pipeInput("C1", Events.bytes("t-ok", "C1", 1, "PAYMENT", 5.0), T0); // offset 0
        final byte[] raw = payload.getBytes(StandardCharsets.UTF_8);
        in.pipeInput("C1", raw, T0);                                             // offset 1

        final TestRecord<String, DlqRecord> r = dlq.readRecord();
        assertThat(r.value().reason()).isEqualTo(reason);
        assertThat(r.value().detail()).isNotBlank();
        assertThat(r.value().sourceTopic()).isEqualTo("transactions");
        assertThat(r.value().sourcePartition()).isZero();
        assertThat(r.value().sourceOffset()).isEqualTo(1L);
        assertThat(Base64.getDecoder().decode(r.value().payloadBase64())).isEqualTo(raw);
        assertThat(header(r, DlqHeaders.REASON)).isEqualTo(reason.name());
        assertThat(header(r, DlqHeaders.OFFSET)).isEqualTo("1");
        assertThat(header(r, DlqHeaders.TOPIC)).isEqualTo("transactions");
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(metricsOut.readValuesToList()).extracting(ScoredEvent::transactionId).containsExactly("t-ok");
    }

    @Test
    void shouldSendProcessingErrorToDlqAndKeepScoringWhenTheScorerThrows() {
        start(new AmountScorer(1000.0, 50_000.0, "v-test"));
        in.pipeInput("C1", Events.bytes("t-boom", "C1", 1, "TRANSFER", 90_000.0), T0);
        in.pipeInput("C2", Events.bytes("t-fine", "C2", 1, "PAYMENT", 5.0), T0);

        final DlqRecord r = dlq.readValue();
        assertThat(r.reason()).isEqualTo(RejectReason.PROCESSING_ERROR);
        assertThat(r.transactionId()).isEqualTo("t-boom");
        assertThat(r.detail()).contains("amount too large");
        assertThat(metricsOut.readValuesToList()).extracting(ScoredEvent::transactionId).containsExactly("t-fine");
        assertThat(count("stream.events.dlq", "reason", "PROCESSING_ERROR")).isEqualTo(1.0);
    }

    @Test
    void shouldUpdateAccountStateAcrossEventsWithExplicitTimestamps() {
        start(new AmountScorer(1e12, "v-test"));
        in.pipeInput("C7", Events.bytes("t-1", "C7", 0, "PAYMENT", 100.0), T0);
        in.pipeInput("C7", Events.bytes("t-2", "C7", 2, "TRANSFER", 300.0), T0.plusSeconds(7200));
        in.pipeInput("C7", Events.bytes("t-3", "C7", 26, "CASH_OUT", 50.0), T0.plusSeconds(26 * 3600));

        final KeyValueStore<String, AccountState> store = driver.getKeyValueStore(ScoringTopology.ACCOUNT_STORE);
        final AccountState s = store.get("C7");
        assertThat(s.txnCount()).isEqualTo(3);
        assertThat(s.lastStep()).isEqualTo(26);
        assertThat(s.amountSum()).isEqualTo(450.0);
        assertThat(s.transferCount()).isEqualTo(2);
        // 100 decays over 2 steps, then (that + 300) over 24 steps (one half-life), then + 50
        final double expected = (100.0 * StrictMath.pow(0.5, 2 / 24.0) + 300.0) * 0.5 + 50.0;
        assertThat(s.decayedAmount()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));

        final List<ScoredEvent> out = scored.readValuesToList();
        final int first = FeaturesV1.NAMES.indexOf("acct_first_seen");
        final int count = FeaturesV1.NAMES.indexOf("acct_log_txn_count");
        final int since = FeaturesV1.NAMES.indexOf("acct_log_steps_since_last");
        assertThat(out).extracting(e -> e.features()[first]).containsExactly(1.0, 0.0, 0.0);
        assertThat(out).extracting(e -> e.features()[count]).containsExactly(0.0, StrictMath.log1p(1), StrictMath.log1p(2));
        assertThat(out).extracting(e -> e.features()[since]).containsExactly(0.0, StrictMath.log1p(2), StrictMath.log1p(24));
    }

    @Test
    void shouldKeepStatePerAccountWhenRecordKeysAreNotTheAccount() {
        start(new AmountScorer(1e12, "v-test"));
        in.pipeInput((String) null, Events.bytes("t-1", "C8", 0, "PAYMENT", 100.0), T0);
        in.pipeInput("someone-else", Events.bytes("t-2", "C8", 1, "PAYMENT", 100.0), T0);

        final AccountState s = driver.<String, AccountState>getKeyValueStore(ScoringTopology.ACCOUNT_STORE).get("C8");
        assertThat(s.txnCount()).isEqualTo(2);
        assertThat(metricsOut.readValuesToList()).extracting(ScoredEvent::transactionId).containsExactly("t-1", "t-2");
    }

    @Test
    void shouldComputeIdenticalFeaturesWhetherOrNotLeakageFieldsArePresent() {
        start(new AmountScorer(1e12, "v-test"));
        // each to a new destination, so that the three see the same (empty) history
        final String clean = Events.json("t-clean", "C1", 4, "TRANSFER", 700.0).replace("C900", "C901");
        final String fraudLabelled = Events.json("t-labelled", "C2", 4, "TRANSFER", 700.0).replace("C900", "C902")
                .replace("}", ",\"isFraud\":1,\"isFlaggedFraud\":1}");
        final String legitLabelled = Events.json("t-legit", "C3", 4, "TRANSFER", 700.0).replace("C900", "C903")
                .replace("}", ",\"isFraud\":0,\"isFlaggedFraud\":0}");
        in.pipeInput("C1", clean.getBytes(StandardCharsets.UTF_8), T0);
        in.pipeInput("C2", fraudLabelled.getBytes(StandardCharsets.UTF_8), T0);
        in.pipeInput("C3", legitLabelled.getBytes(StandardCharsets.UTF_8), T0);

        final List<ScoredEvent> out = scored.readValuesToList();
        assertThat(out).hasSize(3);
        assertThat(out.get(1).features()).isEqualTo(out.get(0).features());
        assertThat(out.get(2).features()).isEqualTo(out.get(0).features());
        assertThat(FeaturesV1.NAMES).noneMatch(n -> n.toLowerCase().contains("fraud") || n.toLowerCase().contains("flag"));
    }

    @Test
    void shouldPutEveryInputInExactlyOneOutcomeTopic() {
        start(new AmountScorer(500.0, "v-test"));
        int sent = 0;
        for (int i = 0; i < 300; i++) {
            final String account = "C" + (i % 17);
            final byte[] payload = i % 11 == 0 ? ("broken-" + i).getBytes(StandardCharsets.UTF_8)
                    : Events.bytes("t-" + i, account, i / 10, i % 2 == 0 ? "TRANSFER" : "PAYMENT", (i * 37) % 1000);
            in.pipeInput(account, payload, T0.plusSeconds(i));
            sent++;
        }
        final var a = anomalies.readKeyValuesToMap();
        final var m = metricsOut.readKeyValuesToMap();
        final List<DlqRecord> d = dlq.readValuesToList();
        assertThat(a.size() + m.size() + d.size()).isEqualTo(sent);
        assertThat(a.keySet()).doesNotContainAnyElementsOf(m.keySet());
        assertThat(d).hasSize(28).allSatisfy(r -> assertThat(r.reason()).isEqualTo(RejectReason.NOT_JSON));
        assertThat(count("stream.events.in")).isEqualTo(sent);
        assertThat(count("stream.events.scored")).isEqualTo(a.size() + m.size());
        assertThat(count("stream.events.anomaly")).isEqualTo(a.size());
        assertThat(count("stream.events.dlq", "reason", "NOT_JSON")).isEqualTo(28);
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void shouldNameEveryStoreAndRepartitionTopicStably() {
        final String description = ScoringTopology.build(ScoringTopics.defaults(),
                new ModelHolder(new AmountScorer(1.0, "v")), new EventParser(), metrics).describe().toString();
        assertThat(description).contains("stores: [" + ScoringTopology.ACCOUNT_STORE + "]")
                .contains(ScoringTopology.BY_DESTINATION_TOPIC + "-repartition")
                .contains(ScoringTopology.BY_ORIGIN_TOPIC + "-repartition")
                .contains("parse", "receive", "score", "dlq-sink", "anomalies-sink", "metrics-sink", "scored-sink")
                .doesNotContain("KSTREAM-");
    }

    private static String header(TestRecord<?, ?> r, String key) {
        final Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
