package org.fraudstream.updater.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.model.BundleManifest;
import org.fraudstream.model.LogisticModel;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.model.ModelUpdate;
import org.fraudstream.updater.BaseModel;
import org.fraudstream.updater.LabeledExample;
import org.fraudstream.updater.ModelArchive;
import org.fraudstream.updater.OnlineSgd;
import org.fraudstream.updater.OnlineSgdParams;
import org.fraudstream.updater.PromotionGate;
import org.fraudstream.updater.UpdaterConfig;
import org.fraudstream.updater.UpdaterMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner across restarts: a new processor on the same stores (as after a restart or an
 * exactly-once recovery, when Kafka Streams restores them from their changelog) resumes the held
 * batch, the holdout and the version count where the last one left them.
 */
class TrainerProcessorTest {

    private static final String STATE = "updater-state";
    private static final String FEED = "model-feed";
    private static final int D = FeaturesV1.SIZE;
    private static final int SIGNAL = FeaturesV1.NAMES.indexOf("log_amount");

    @TempDir
    Path tmp;

    private KeyValueStore<String, byte[]> state;
    private KeyValueStore<String, byte[]> feed;
    private BaseModel base;
    private TrainerProcessor processor;
    private long wall = 1_767_225_600_000L;

    @BeforeEach
    void stores() {
        state = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STATE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        feed = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FEED), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        final double[] mean = new double[D];
        final double[] scale = new double[D];
        Arrays.fill(scale, 1.0);
        final BundleManifest manifest = new BundleManifest("sgd-base", FeaturesV1.VERSION, FeaturesV1.HASH,
                FeaturesV1.NAMES, List.of(), 0.5, 0.005, 1L, "ab".repeat(32), "2026-01-01T00:00:00Z", "test", null,
                null);
        base = BaseModel.of(new ModelBundle(manifest, new LogisticModel(new double[D], 0.0, mean, scale)));
    }

    /** A new processor on the same stores, as after a restart: batches of 8, every 3rd label held out. */
    private MockProcessorContext<String, byte[]> restart() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "trainer-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        final MockProcessorContext<String, byte[]> ctx = new MockProcessorContext<>(props);
        ctx.setCurrentSystemTimeMs(wall);
        state.init(ctx.getStateStoreContext(), state);
        feed.init(ctx.getStateStoreContext(), feed);
        ctx.addStateStore(state);
        ctx.addStateStore(feed);
        final TrainerProcessor p = new TrainerProcessor(new UpdaterConfig.Batching(8, Duration.ofSeconds(5), 64),
                new UpdaterConfig.Holdout(100, 3), new OnlineSgd(OnlineSgdParams.defaults().withLearningRate(0.5), null),
                new PromotionGate(new PromotionGate.Config(ModelUpdate.Metric.LOG_LOSS, 0.001, 2)), base,
                new ModelArchive(tmp), new UpdaterMetrics(new SimpleMeterRegistry()), STATE, FEED);
        p.init(ctx);
        processor = p;
        return ctx;
    }

    /** Label {@code i}: fraud when odd, its signal feature 2 standard deviations toward its class. */
    private void label(int i) {
        final double[] x = new SplittableRandom(i).doubles(D).toArray();
        x[SIGNAL] = i % 2 == 1 ? 2.0 : -2.0;
        processor.process(new Record<>(ModelUpdate.KEY, new LabeledExample("t" + i, x, i % 2 == 1, "sgd-base", i), i));
    }

    private static List<ModelUpdate> published(MockProcessorContext<String, byte[]> ctx) {
        return ctx.forwarded().stream().map(f -> ModelUpdate.fromBytes((byte[]) f.record().value())).toList();
    }

    @Test
    void shouldResumeTheHeldBatchAndTheHoldoutWhenRestarted() {
        restart();
        for (int i = 1; i <= 4; i++) { // 3 in the batch, 1 held out
            label(i);
        }

        final MockProcessorContext<String, byte[]> second = restart();
        for (int i = 5; i <= 11; i++) { // 5 more in the batch (8 in all), 2 more held out
            label(i);
        }

        final List<ModelUpdate> out = published(second);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).labelsUsed()).as("3 labels from before the restart").isEqualTo(8);
        assertThat(out.get(0).gate().holdoutSize()).isEqualTo(3);
        assertThat(out.get(0).parentVersion()).isEqualTo("sgd-base");
    }

    @Test
    void shouldContinueTheLineageAndItsNumbersWhenRestarted() {
        final MockProcessorContext<String, byte[]> first = restart();
        for (int i = 1; i <= 11; i++) {
            label(i);
        }
        final ModelUpdate v1 = published(first).get(0);

        final MockProcessorContext<String, byte[]> second = restart();
        for (int i = 12; i <= 23; i++) {
            label(i);
        }

        final List<ModelUpdate> out = published(second);
        assertThat(v1.version()).startsWith("sgd-online-1-");
        assertThat(out).extracting(ModelUpdate::parentVersion).containsExactly(v1.version());
        assertThat(out.get(0).version()).startsWith("sgd-online-2-");
    }

    @Test
    void shouldFitTheHeldBatchWhenTheMaxWaitPassesAfterARestart() {
        restart();
        for (int i = 1; i <= 6; i++) { // 4 in the batch, 2 held out
            label(i);
        }

        final MockProcessorContext<String, byte[]> second = restart();
        wall += 5_000;
        second.setCurrentSystemTimeMs(wall);
        second.scheduledPunctuators().get(0).getPunctuator().punctuate(wall);

        assertThat(published(second)).extracting(ModelUpdate::labelsUsed).containsExactly(4L);
    }
}
