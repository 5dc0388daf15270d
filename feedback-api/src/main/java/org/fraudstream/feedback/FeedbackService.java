package org.fraudstream.feedback;

import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.fraudstream.contract.ops.ServiceMeters;
import org.fraudstream.feedback.internal.AlertFeed;
import org.fraudstream.feedback.internal.FeedbackPublisher;
import org.fraudstream.feedback.internal.KafkaHealth;
import org.fraudstream.feedback.internal.ModelFeed;
import org.fraudstream.feedback.internal.RecentFeedback;
import org.fraudstream.feedback.internal.ScoringFigures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running feedback API: owns the producer (feedback topic), the alert consumer (anomalies
 * topic), the model timeline's consumer (model-updates topic), the health check's admin client, the meter registry and the HTTP server. Used by
 * {@link FeedbackApp#main} and, in the same JVM as the broker, by the local runner:
 * {@code FeedbackService.create(cfg).start()}, then {@link #port()}, then {@link #close()}.
 */
public final class FeedbackService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackService.class);
    /** Versions the timeline keeps: about 200 bytes each. */
    static final int MODEL_VERSIONS_KEPT = 1000;

    private final FeedbackConfig config;
    private final FeedbackPublisher publisher;
    private final AlertFeed alerts;
    private final ModelFeed models;
    private final KafkaHealth health;
    private final ServiceMeters meters;
    private final Javalin app;

    private FeedbackService(FeedbackConfig config, FeedbackPublisher publisher, AlertFeed alerts, ModelFeed models,
                            KafkaHealth health, ServiceMeters meters) {
        this.config = config;
        this.publisher = publisher;
        this.alerts = alerts;
        this.models = models;
        this.health = health;
        this.meters = meters;
        meters.bind(new KafkaClientMetrics(publisher.producer()));
        meters.bind(alerts.clientMetrics());
        this.app = FeedbackApp.create(new FeedbackApp.Deps(config.apiKeys(), publisher,
                new RecentFeedback(config.dedupCapacity()), alerts, models,
                new ScoringFigures(config.scoringMetricsUrl()), health, meters.registry(), config.publishTimeout()));
    }

    /** Creates the clients and the app; connects to nothing and serves nothing until {@link #start()}. */
    public static FeedbackService create(FeedbackConfig config) {
        final ServiceMeters meters = ServiceMeters.create();
        final List<AutoCloseable> made = new ArrayList<>();
        try {
            final FeedbackPublisher publisher = add(made, new FeedbackPublisher(config.bootstrapServers(),
                    config.feedbackTopic(), config.publishTimeout(), config.kafkaOverrides(), config.maxInFlight()));
            final AlertFeed alerts = add(made, new AlertFeed(config.bootstrapServers(), config.anomaliesTopic(),
                    config.alertsCapacity(), config.kafkaOverrides()));
            final ModelFeed models = add(made, new ModelFeed(config.bootstrapServers(),
                    config.modelUpdatesTopic().name(), MODEL_VERSIONS_KEPT, config.kafkaOverrides()));
            final KafkaHealth health = add(made, new KafkaHealth(config.bootstrapServers(), config.healthCacheTtl(),
                    config.kafkaOverrides()));
            return new FeedbackService(config, publisher, alerts, models, health, meters);
        } catch (RuntimeException e) {
            for (AutoCloseable c : made) { // a bad client setting fails a later client: close the earlier ones
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            meters.close();
            throw e;
        }
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> made, T client) {
        made.add(client);
        return client;
    }

    /** Starts the alert and model consumers and serves HTTP on the configured port. */
    public FeedbackService start() {
        alerts.start();
        models.start();
        app.start(config.port());
        LOG.info("feedback API on port {}: publishing to {}, alerts from {}", app.port(), config.feedbackTopic().name(),
                config.anomaliesTopic().name());
        return this;
    }

    /** The port actually bound (useful after asking for port 0). */
    public int port() {
        return app.port();
    }

    public FeedbackConfig config() {
        return config;
    }

    public PrometheusMeterRegistry registry() {
        return meters.registry();
    }

    /** Stops serving, then closes the clients (the producer waits for what is in flight, bounded). */
    @Override
    public void close() {
        app.stop();
        alerts.close();
        models.close();
        publisher.close();
        health.close();
        meters.close();
    }
}
