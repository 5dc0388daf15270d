package org.fraudstream.updater;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.fraudstream.contract.ops.ServiceEndpoints;
import org.fraudstream.contract.ops.ServiceMeters;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.model.ModelLoadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running online updater: loads the base bundle (failing fast on a missing or mismatched one),
 * builds {@link UpdaterTopology} and runs it until {@link #close()}; serves /health and /metrics.
 * Used by {@link UpdaterApp} and, in one JVM with the broker and the other services, by the local runner.
 */
public final class UpdaterService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpdaterService.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final UpdaterConfig config;
    private final BaseModel base;
    private final KafkaStreams streams;
    private final ServiceMeters meters;
    private final UpdaterMetrics metrics;
    private final CountDownLatch running = new CountDownLatch(1);
    private ServiceEndpoints endpoints;

    private UpdaterService(UpdaterConfig config, BaseModel base, KafkaStreams streams, ServiceMeters meters,
                           UpdaterMetrics metrics) {
        this.config = config;
        this.base = base;
        this.streams = streams;
        this.meters = meters;
        this.metrics = metrics;
        meters.bind(new KafkaStreamsMetrics(streams));
        streams.setStateListener((now, before) -> {
            LOG.info("updater state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
    }

    /** Loads the base bundle in {@code config.baseModelDir()} and creates (does not start) the app. */
    public static UpdaterService create(UpdaterConfig config) throws ModelLoadException {
        final BaseModel base = BaseModel.of(ModelBundle.load(config.baseModelDir()));
        final ModelArchive archive = new ModelArchive(config.archiveDir());
        archive.saveIfAbsent(base.root()); // so that a rollback can return to the base bundle
        final ServiceMeters meters = ServiceMeters.create();
        final UpdaterMetrics metrics = new UpdaterMetrics(meters.registry());
        final KafkaStreams streams = new KafkaStreams(UpdaterTopology.build(config, base, archive, metrics),
                config.toStreamsProperties());
        streams.setUncaughtExceptionHandler(ex -> {
            LOG.error("stream thread died; replacing it", ex);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        LOG.info("updater '{}' from base {} ({} frozen features), batch {} / {}, holdout {} (every {}), gate {}, "
                        + "versions in {}", config.applicationId(), base.version(), base.frozenFeatures().length,
                config.batching().batchSize(), config.batching().maxWait(), config.holdout().size(),
                config.holdout().every(), config.gate(), config.archiveDir());
        return new UpdaterService(config, base, streams, meters, metrics);
    }

    /**
     * Checks the input topics, then starts the app and, unless the config says
     * {@link UpdaterConfig#NO_HTTP}, /health and /metrics.
     *
     * @throws IllegalStateException when an input topic is missing, or feedback and scored have different
     *                               partition counts (the join needs both keyed alike)
     */
    public UpdaterService start() throws IOException, InterruptedException {
        checkInputTopics();
        if (config.httpPort() != UpdaterConfig.NO_HTTP) {
            endpoints = ServiceEndpoints.start(config.httpPort(), meters.registry(), this::health);
            LOG.info("/health and /metrics on port {}", endpoints.port());
        }
        streams.start();
        return this;
    }

    private void checkInputTopics() throws InterruptedException {
        final UpdaterTopics t = config.topics();
        final List<String> inputs = List.of(t.feedback().name(), t.scored().name(), t.modelUpdates().name());
        final Map<String, Object> adminConfig = new HashMap<>();
        config.kafkaOverrides().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                adminConfig.put(k, v); // e.g. security settings; Streams-only keys would only draw warnings
            }
        });
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        final Map<String, TopicDescription> found;
        try (Admin admin = Admin.create(adminConfig)) {
            found = admin.describeTopics(inputs).allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("the updater reads " + inputs + "; create them first ("
                        + e.getCause().getMessage() + ")", e);
            }
            throw new IllegalStateException("cannot describe " + inputs + " on " + config.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from " + config.bootstrapServers() + " within "
                    + ADMIN_TIMEOUT, e);
        }
        final int feedback = found.get(t.feedback().name()).partitions().size();
        final int scored = found.get(t.scored().name()).partitions().size();
        if (feedback != scored) {
            throw new IllegalStateException(t.feedback().name() + " has " + feedback + " partitions and "
                    + t.scored().name() + " has " + scored + ": the join needs them co-partitioned (both keyed by"
                    + " transaction id), so give them the same partition count");
        }
    }

    /** Up while the app runs or rebalances; down before it started, when it stopped or failed. */
    public ServiceEndpoints.Health health() {
        final KafkaStreams.State state = streams.state();
        final boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        return new ServiceEndpoints.Health(up, "{\"streams\":\"" + state + "\",\"model\":\"" + metrics.currentVersion()
                + "\",\"base\":\"" + base.version() + "\"}");
    }

    /** Waits until the app runs its tasks; throws when that takes longer than {@code timeout}. */
    public UpdaterService awaitRunning(Duration timeout) throws InterruptedException {
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("updater not running after " + timeout + "; state " + streams.state());
        }
        return this;
    }

    /** The model version the trainer uses now ({@code ""} until its task has started on this instance). */
    public String currentVersion() {
        return metrics.currentVersion();
    }

    /** The port of /health and /metrics, or -1 when they are not served. */
    public int httpPort() {
        return endpoints == null ? -1 : endpoints.port();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public UpdaterMetrics metrics() {
        return metrics;
    }

    public BaseModel base() {
        return base;
    }

    public UpdaterConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (!streams.close(Duration.ofSeconds(30))) {
            LOG.warn("updater did not stop within 30 s");
        }
        if (endpoints != null) {
            endpoints.close();
        }
        meters.close();
    }
}
