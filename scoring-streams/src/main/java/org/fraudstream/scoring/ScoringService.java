package org.fraudstream.scoring;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.fraudstream.contract.ops.ServiceEndpoints;
import org.fraudstream.contract.ops.ServiceMeters;
import org.fraudstream.ingest.EventParser;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.model.Scorers;
import org.fraudstream.model.ModelLoadException;
import org.fraudstream.scoring.internals.DlqProcessingExceptionHandler;
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
    private final ServiceMeters meters;
    private final CountDownLatch running = new CountDownLatch(1);
    private ServiceEndpoints endpoints;

    private ScoringService(ScoringConfig config, ModelHolder model, KafkaStreams streams, ServiceMeters meters) {
        this.config = config;
        this.model = model;
        this.streams = streams;
        this.meters = meters;
        meters.bind(new KafkaStreamsMetrics(streams));
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
        final ModelHolder model = new ModelHolder(Scorers.forBundle(bundle, config.scorer()));
        final ServiceMeters meters = ServiceMeters.create();
        final ScoringMetrics metrics = new ScoringMetrics(meters.registry());
        metrics.modelInUse(model, bundle.manifest().modelVersion());
        final DriftWindow drift = driftWindow(bundle, config, meters);
        final java.util.Properties props = config.toStreamsProperties();
        props.put(DlqProcessingExceptionHandler.METRICS_CONFIG, metrics);
        final KafkaStreams streams = new KafkaStreams(
                ScoringTopology.build(config.topics(), model, new EventParser(), metrics, drift), props);
        streams.setUncaughtExceptionHandler(ex -> {
            LOG.error("stream thread died; replacing it", ex);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        LOG.info("scoring app '{}' with model {} (threshold {}), guarantee {}", config.applicationId(),
                bundle.manifest().modelVersion(), bundle.manifest().threshold(), config.processingGuarantee());
        return new ScoringService(config, model, streams, meters);
    }

    /** The drift window of the bundle's reference, bound to the registry; {@code null} when it has none. */
    private static DriftWindow driftWindow(ModelBundle bundle, ScoringConfig config, ServiceMeters meters) {
        if (bundle.reference().isEmpty()) {
            LOG.warn("model bundle {} has no {}: drift_psi is not measured (retrain to get one)", config.modelDir(),
                    ModelBundle.REFERENCE_FILE);
            return null;
        }
        final DriftWindow drift = new DriftWindow(bundle.reference().get());
        drift.bindTo(meters.registry(), System::currentTimeMillis);
        LOG.info("drift_psi over the last {} x {} against {}", DriftWindow.DEFAULT_BUCKETS, DriftWindow.DEFAULT_BUCKET,
                ModelBundle.REFERENCE_FILE);
        return drift;
    }

    /** The app's meters (what /metrics serves). */
    public io.micrometer.core.instrument.MeterRegistry registry() {
        return meters.registry();
    }

    /** Starts the app and, unless the config says {@link ScoringConfig#NO_HTTP}, /health and /metrics. */
    public ScoringService start() throws java.io.IOException {
        if (config.httpPort() != ScoringConfig.NO_HTTP) {
            endpoints = ServiceEndpoints.start(config.httpPort(), meters.registry(), this::health);
            LOG.info("/health and /metrics on port {}", endpoints.port());
        }
        streams.start();
        return this;
    }

    /** Up while the app runs or rebalances; down before it started, when it stopped or failed. */
    public ServiceEndpoints.Health health() {
        final KafkaStreams.State state = streams.state();
        final boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        return new ServiceEndpoints.Health(up, "{\"streams\":\"" + state + "\",\"model\":\""
                + model.current().modelVersion() + "\"}");
    }

    /** The port of /health and /metrics, or -1 when they are not served. */
    public int httpPort() {
        return endpoints == null ? -1 : endpoints.port();
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
        if (endpoints != null) {
            endpoints.close();
        }
        meters.close();
    }
}
