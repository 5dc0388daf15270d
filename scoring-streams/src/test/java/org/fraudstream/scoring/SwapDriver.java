package org.fraudstream.scoring;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
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

/**
 * The scoring topology under a TopologyTestDriver, for tests of model updates: it starts with an
 * SGD-only ensemble named {@code base} whose score is sigmoid(-6) for every event (nothing flagged),
 * and updates are SGD parts whose score is sigmoid(bias).
 */
final class SwapDriver implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> in;
    private final TestInputTopic<String, byte[]> updates;
    private final TestOutputTopic<String, ScoredEvent> scored;

    /** {@code runtime}: {@link Scorers#JVM} or {@link Scorers#ONNX}. */
    SwapDriver(Path stateDir, String runtime) {
        final ScoringTopics t = ScoringTopics.defaults();
        final ScoringConfig cfg = new ScoringConfig("unused:9092", "model-update-test", StreamsConfig.EXACTLY_ONCE_V2,
                stateDir, stateDir, 1, null, "", ScoringConfig.NO_HTTP, Map.of());
        final EnsembleScorer base = new EnsembleScorer(List.of(new SgdMember(model(-6.0), FeaturesV1.NAMES)),
                Stacker.only(List.of(SgdMember.NAME), SgdMember.NAME), "base", 0.5);
        driver = new TopologyTestDriver(ScoringTopology.build(t, new ModelHolder(Scorers.forEnsemble(base, runtime)),
                new EventParser(), new ScoringMetrics(registry)), cfg.toStreamsProperties());
        in = driver.createInputTopic(t.transactions().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        updates = driver.createInputTopic(t.modelUpdates().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        scored = driver.createOutputTopic(t.scored().name(), Serdes.String().deserializer(),
                t.scored().valueSerde().deserializer());
    }

    /** Events {@code t-from} .. {@code t-(to-1)}, each of its own account, one second apart from T0. */
    void send(int from, int to) {
        for (int i = from; i < to; i++) {
            in.pipeInput("C" + i, Events.bytes("t-" + i, "C" + i, 1, "PAYMENT", 10.0 + i), T0.plusSeconds(i));
        }
    }

    /** A record on model-updates, whatever its bytes. */
    void publish(byte[] value) {
        updates.pipeInput(ModelUpdate.KEY, value, T0);
    }

    List<ScoredEvent> scored() {
        return scored.readValuesToList();
    }

    double rejected(String reason) {
        return registry.get("model.updates.rejected").tag("reason", reason).counter().count();
    }

    double swaps() {
        return registry.get("model.swaps").counter().count();
    }

    /** All weights 0: the score is sigmoid(bias) for every event. */
    static LogisticModel model(double bias) {
        final double[] ones = new double[FeaturesV1.SIZE];
        Arrays.fill(ones, 1.0);
        return new LogisticModel(new double[FeaturesV1.SIZE], bias, new double[FeaturesV1.SIZE], ones);
    }

    /** An update of the SGD part on top of {@code base}, for FEATURES_V1 as {@code featuresHash} says. */
    static ModelUpdate update(String version, Instant createdAt, String featuresHash, double bias) {
        return new ModelUpdate(version, "base", createdAt.toString(), FeaturesV1.VERSION, featuresHash,
                FeaturesV1.NAMES, ModelUpdate.Sgd.of(model(bias)), 64, ModelUpdate.Gate.none());
    }

    @Override
    public void close() {
        driver.close();
    }
}
