package org.fraudstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.ingest.EventParser;
import org.fraudstream.model.EnsembleScorer;
import org.fraudstream.model.LogisticModel;
import org.fraudstream.model.ModelUpdate;
import org.fraudstream.model.Scorers;
import org.fraudstream.model.SgdMember;
import org.fraudstream.model.Stacker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model update on model-updates swaps the SGD part between two records; nothing is lost or scored twice. */
class ModelSwapTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> in;
    private TestInputTopic<String, byte[]> updates;
    private TestOutputTopic<String, ScoredEvent> scored;

    @BeforeEach
    void start() {
        start(Scorers.JVM);
    }

    private void start(String runtime) {
        if (driver != null) {
            driver.close();
        }
        final ScoringTopics t = ScoringTopics.defaults();
        final ScoringConfig cfg = new ScoringConfig("unused:9092", "swap-test", StreamsConfig.EXACTLY_ONCE_V2,
                stateDir, stateDir, 1, null, "", ScoringConfig.NO_HTTP, Map.of());
        final EnsembleScorer base = new EnsembleScorer(List.of(new SgdMember(model(-6.0), FeaturesV1.NAMES)),
                Stacker.only(List.of(SgdMember.NAME), SgdMember.NAME), "base", 0.5);
        driver = new TopologyTestDriver(ScoringTopology.build(t, new ModelHolder(Scorers.forEnsemble(base, runtime)),
                new EventParser(),
                new ScoringMetrics(registry)), cfg.toStreamsProperties());
        in = driver.createInputTopic(t.transactions().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        updates = driver.createInputTopic(t.modelUpdates().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        scored = driver.createOutputTopic(t.scored().name(), Serdes.String().deserializer(),
                t.scored().valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldScoreWithTheNewVersionFromTheNextRecordOnWithoutLosingOrRepeatingAny() {
        send(0, 50);
        updates.pipeInput(ModelUpdate.KEY, update("sgd-online-1", FeaturesV1.HASH, 6.0).toBytes(), T0);
        send(50, 100);

        final List<ScoredEvent> out = scored.readValuesToList();
        assertThat(out).extracting(ScoredEvent::transactionId).doesNotHaveDuplicates().hasSize(100);
        assertThat(out.subList(0, 50)).allSatisfy(s -> {
            assertThat(s.modelVersion()).isEqualTo("base");
            assertThat(s.anomaly()).isFalse();
        });
        assertThat(out.subList(50, 100)).allSatisfy(s -> {
            assertThat(s.modelVersion()).isEqualTo("sgd-online-1");
            assertThat(s.anomaly()).isTrue(); // the new weights really score
        });
        assertThat(registry.get("model.swaps").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldSwapTheOnnxPathToo() {
        start(Scorers.ONNX);
        send(0, 10);
        updates.pipeInput(ModelUpdate.KEY, update("sgd-online-2", FeaturesV1.HASH, 6.0).toBytes(), T0);
        send(10, 20);

        final List<ScoredEvent> out = scored.readValuesToList();
        assertThat(out).hasSize(20);
        assertThat(out.subList(0, 10)).allSatisfy(s -> assertThat(s.anomaly()).isFalse());
        assertThat(out.subList(10, 20)).allSatisfy(s -> {
            assertThat(s.modelVersion()).isEqualTo("sgd-online-2");
            assertThat(s.anomaly()).isTrue();
        });
    }

    @Test
    void shouldKeepTheCurrentModelWhenAnUpdateIsForOtherFeaturesOrUnreadable() {
        updates.pipeInput(ModelUpdate.KEY, update("sgd-online-9", "0".repeat(64), 6.0).toBytes(), T0);
        updates.pipeInput(ModelUpdate.KEY, "{not json".getBytes(StandardCharsets.UTF_8), T0);
        send(0, 5);

        assertThat(scored.readValuesToList()).extracting(ScoredEvent::modelVersion).containsOnly("base");
        assertThat(registry.get("model.updates.rejected").tag("reason", "features_mismatch").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("model.updates.rejected").tag("reason", "unreadable").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("model.swaps").counter().count()).isZero();
    }

    private void send(int from, int to) {
        for (int i = from; i < to; i++) {
            in.pipeInput("C" + i, Events.bytes("t-" + i, "C" + i, 1, "PAYMENT", 10.0 + i), T0.plusSeconds(i));
        }
    }

    /** All weights 0: the score is sigmoid(bias) for every event. */
    private static LogisticModel model(double bias) {
        final double[] ones = new double[FeaturesV1.SIZE];
        java.util.Arrays.fill(ones, 1.0);
        return new LogisticModel(new double[FeaturesV1.SIZE], bias, new double[FeaturesV1.SIZE], ones);
    }

    private static ModelUpdate update(String version, String featuresHash, double bias) {
        final LogisticModel m = model(bias);
        return new ModelUpdate(version, "base", "2026-01-01T00:00:00Z", FeaturesV1.VERSION, featuresHash,
                FeaturesV1.NAMES, new ModelUpdate.Sgd(m.weights(), m.bias(), m.mean(), m.scale()), 64,
                ModelUpdate.Gate.none());
    }
}
