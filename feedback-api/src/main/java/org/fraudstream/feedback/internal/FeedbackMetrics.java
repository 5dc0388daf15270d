package org.fraudstream.feedback.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The API's own meters. In Prometheus: {@code feedback_requests_total{outcome}} (POST /feedback by
 * outcome: {@code accepted}, {@code duplicate}, or the error code in lower case),
 * {@code feedback_published_total} (records the broker acknowledged), {@code feedback_in_flight}
 * (labels sent and not yet acknowledged; at FRAUD_FEEDBACK_MAX_IN_FLIGHT the API answers 429), and
 * {@code feedback_request_seconds} (every request, a histogram by method, route and status).
 */
public final class FeedbackMetrics {

    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private final MeterRegistry registry;
    private final Counter published;
    private final Set<String> routes;

    /** {@code routes}: the paths that get their own latency series; any other path is "other". */
    public FeedbackMetrics(MeterRegistry registry, Set<String> routes) {
        this.registry = registry;
        this.routes = Set.copyOf(routes);
        this.published = Counter.builder("feedback.published")
                .description("labels written to the feedback topic and acknowledged by the broker").register(registry);
        // the usual outcomes from the start, at 0: a dashboard or a check finds the series before the first label
        for (String outcome : new String[] {ACCEPTED, DUPLICATE, lower(ErrorCode.TOO_MANY_REQUESTS),
            lower(ErrorCode.BROKER_UNAVAILABLE)}) {
            Counter.builder("feedback.requests").description("POST /feedback requests by outcome")
                    .tag("outcome", outcome).register(registry);
        }
    }

    private static String lower(ErrorCode code) {
        return code.name().toLowerCase(Locale.ROOT);
    }

    /** The gauge {@code feedback_in_flight}, read from {@code inFlight}. */
    public void inFlight(java.util.function.IntSupplier inFlight) {
        io.micrometer.core.instrument.Gauge.builder("feedback.in.flight", inFlight::getAsInt)
                .description("labels sent to the broker and not yet acknowledged").register(registry);
    }

    public void published() {
        published.increment();
    }

    /** One POST /feedback ended with {@code outcome}. */
    public void request(String outcome) {
        Counter.builder("feedback.requests").description("POST /feedback requests by outcome")
                .tag("outcome", outcome.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /** Any request took {@code elapsed}. Unknown methods and paths share one series each (bounded tags). */
    public void latency(String method, String path, int status, Duration elapsed) {
        Timer.builder("feedback.request").description("time to answer an HTTP request")
                .tag("method", METHODS.contains(method) ? method : "OTHER").tag("route", routes.contains(path) ? path : "other")
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(elapsed);
    }
}
