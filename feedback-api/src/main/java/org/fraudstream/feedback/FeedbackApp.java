package org.fraudstream.feedback;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.KafkaException;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.feedback.internal.AlertFeed;
import org.fraudstream.feedback.internal.AlertsController;
import org.fraudstream.feedback.internal.ApiException;
import org.fraudstream.feedback.internal.ConsoleController;
import org.fraudstream.feedback.internal.ErrorCode;
import org.fraudstream.feedback.internal.ErrorMapping;
import org.fraudstream.feedback.internal.FeedbackController;
import org.fraudstream.feedback.internal.FeedbackMetrics;
import org.fraudstream.feedback.internal.FeedbackPublisher;
import org.fraudstream.feedback.internal.KafkaHealth;
import org.fraudstream.feedback.internal.ModelFeed;
import org.fraudstream.feedback.internal.OpsController;
import org.fraudstream.feedback.internal.RecentFeedback;
import org.fraudstream.feedback.internal.ScoringFigures;

/**
 * The feedback API's HTTP surface. In: {@code POST /feedback} (feedback_v1 JSON, key required),
 * {@code GET /alerts?limit=N}, {@code GET /models?limit=N} and {@code GET /console/figures} (key
 * required); {@code GET /console} (the analyst console page), {@code GET /health}, {@code GET /metrics},
 * {@code GET /openapi.json} (no key). Out: records on the feedback topic (through the publisher).
 * {@link #create} returns an unstarted app; {@link #main} runs the service from the environment.
 */
public final class FeedbackApp {

    /** The header that carries the API key. */
    public static final String API_KEY_HEADER = "X-API-Key";
    static final int RESPONSE_COPY_BUFFER_BYTES = 1024;
    static final int MIN_HTTP_THREADS = 8;
    static final int MAX_HTTP_THREADS = 250;
    static final Set<String> ROUTES = Set.of("/feedback", "/alerts", "/models", "/console", "/console/figures",
            "/health", "/metrics", "/openapi.json");

    /**
     * What the app needs; {@link FeedbackService} builds them from a {@link FeedbackConfig}.
     *
     * @param publishTimeout how long a repeated request waits for the original's publish
     */
    public record Deps(ApiKeys apiKeys, FeedbackPublisher publisher, RecentFeedback recent, AlertFeed alerts,
                       ModelFeed models, ScoringFigures figures, KafkaHealth health, PrometheusMeterRegistry registry,
                       Duration publishTimeout) { }

    private FeedbackApp() {
    }

    /** The app, not started: routes, auth, the one error mapping, metrics per request. */
    public static Javalin create(Deps deps) {
        final FeedbackMetrics metrics = new FeedbackMetrics(deps.registry(), ROUTES);
        metrics.inFlight(deps.publisher()::inFlight);
        // Javalin's default pool, made here so that the answers written after the broker's
        // acknowledgement run on it too (FeedbackController), not on the producer's I/O thread.
        final QueuedThreadPool http = new QueuedThreadPool(MAX_HTTP_THREADS, MIN_HTTP_THREADS);
        http.setName("feedback-http");
        final FeedbackController feedback = new FeedbackController(deps.publisher(), deps.recent(), metrics,
                deps.publishTimeout().plusSeconds(2), http);
        final AlertsController alerts = new AlertsController(deps.alerts(), deps.recent());
        final OpsController ops = new OpsController(deps.health(), deps.registry());
        final ConsoleController console = new ConsoleController(deps.figures(), deps.models());
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.threadPool = http;
            config.http.prefer405over404 = true;
            // Javalin copies every result into Jetty's (pooled) output buffer through a buffer of this
            // size, allocated per response: Jetty's output buffer size (32 KiB) by default, for answers of
            // 90 to 300 bytes. Long answers (/metrics, /alerts) take more copies, into the same Jetty buffer.
            config.http.responseBufferSize = RESPONSE_COPY_BUFFER_BYTES;
            config.jsonMapper(new JavalinJackson(JsonSerde.MAPPER, false));
            config.requestLogger.http((ctx, ms) -> record(metrics, ctx, ms));
            config.routes.post("/feedback", secured(deps.apiKeys(), feedback::post));
            config.routes.get("/alerts", secured(deps.apiKeys(), alerts::get));
            config.routes.get("/models", secured(deps.apiKeys(), console::models));
            config.routes.get("/console", console::page);
            config.routes.get("/console/figures", secured(deps.apiKeys(), console::figures));
            config.routes.get("/health", ops::health);
            config.routes.get("/metrics", ops::metrics);
            config.routes.get("/openapi.json", ops::openApi);
            ErrorMapping.register(config.routes);
        });
    }

    private static Handler secured(ApiKeys keys, Handler handler) {
        return ctx -> {
            if (!keys.accepts(ctx.header(API_KEY_HEADER))) {
                throw new ApiException(ErrorCode.UNAUTHORIZED,
                        ctx.header(API_KEY_HEADER) == null ? "no " + API_KEY_HEADER + " header" : "unknown API key");
            }
            handler.handle(ctx);
        };
    }

    private static void record(FeedbackMetrics metrics, Context ctx, Float ms) {
        final String method = ctx.method().name();
        if ("POST".equals(method) && "/feedback".equals(ctx.path())) {
            final Object outcome = ctx.attribute(ErrorMapping.OUTCOME);
            metrics.request(outcome == null ? "unknown" : outcome.toString());
        }
        metrics.latency(method, ctx.path(), ctx.statusCode(), Duration.ofNanos((long) (ms * 1_000_000L)));
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(System.getenv()));
    }

    /** Runs until the JVM is asked to stop; returns the exit status (2: bad configuration or port). */
    public static int run(Map<String, String> env) throws InterruptedException {
        final FeedbackConfig config;
        final FeedbackService service;
        try {
            config = FeedbackConfig.fromEnv(env);
            service = FeedbackService.create(config); // a bad FRAUD_FEEDBACK_KAFKA_* setting fails here
        } catch (IllegalArgumentException | NullPointerException | KafkaException e) {
            System.err.println("feedback-api: " + e.getMessage());
            return 2;
        }
        try {
            service.start();
        } catch (RuntimeException e) {
            System.err.println("feedback-api: cannot start on port " + config.port() + ": " + e.getMessage());
            service.close();
            return 2;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "feedback-shutdown"));
        System.err.printf("feedback-api: http://localhost:%d (POST /feedback, GET /alerts, /models, /console, /health, "
                        + "/metrics, /openapi.json); publishing to %s on %s; stop with Ctrl-C%n", service.port(),
                config.feedbackTopic().name(), config.bootstrapServers());
        stopped.await();
        return 0;
    }
}
