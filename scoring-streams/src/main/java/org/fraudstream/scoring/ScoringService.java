package org.fraudstream.scoring;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.fraudstream.ingest.EventParser;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.model.ModelLoadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running scoring app: loads the model bundle (failing fast on a missing or mismatched one),
 * builds the topology and runs it until {@link #close()}. Used by {@link ScoringApp} and, in the
 * same JVM as the broker, by the local runner.
 */
public final class ScoringService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringService.class);

    private final ScoringConfig config;
    private final ModelHolder model;
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);

    private ScoringService(ScoringConfig config, ModelHolder model, KafkaStreams streams) {
        this.config = config;
        this.model = model;
        this.streams = streams;
        streams.setStateListener((now, before) -> {
            LOG.info("scoring app state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
    }

    /** Loads the bundle in {@code config.modelDir()} and creates (does not start) the app. */
    public static ScoringService create(ScoringConfig config) throws ModelLoadException {
        final ModelBundle bundle = ModelBundle.load(config.modelDir());
        final ModelHolder model = new ModelHolder(bundle.scorer());
        final KafkaStreams streams = new KafkaStreams(
                ScoringTopology.build(config.topics(), model, new EventParser()), config.toStreamsProperties());
        streams.setUncaughtExceptionHandler(ex -> {
            LOG.error("stream thread died; replacing it", ex);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        LOG.info("scoring app '{}' with model {} (threshold {}), guarantee {}", config.applicationId(),
                bundle.manifest().modelVersion(), bundle.manifest().threshold(), config.processingGuarantee());
        return new ScoringService(config, model, streams);
    }

    public ScoringService start() {
        streams.start();
        return this;
    }

    /**
     * Waits until the app has joined its group and runs its tasks, so that a caller measuring
     * latency does not count start-up; throws when that takes longer than {@code timeout}.
     */
    public ScoringService awaitRunning(Duration timeout) throws InterruptedException {
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("scoring app not running after " + timeout + "; state " + streams.state());
        }
        return this;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public ModelHolder model() {
        return model;
    }

    public ScoringConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (!streams.close(Duration.ofSeconds(30))) {
            LOG.warn("scoring app did not stop within 30 s");
        }
    }
}
