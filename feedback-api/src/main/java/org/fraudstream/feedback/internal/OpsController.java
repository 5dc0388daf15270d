package org.fraudstream.feedback.internal;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /health} (200 with kafka UP, 503 with kafka DOWN), {@code GET /metrics} (Prometheus
 * text) and {@code GET /openapi.json} (the hand-written API document, a class-path resource).
 */
public final class OpsController {

    public record Health(String status, String kafka) { }

    private final KafkaHealth health;
    private final PrometheusMeterRegistry registry;
    private final byte[] openApi;

    public OpsController(KafkaHealth health, PrometheusMeterRegistry registry) {
        this.health = health;
        this.registry = registry;
        this.openApi = resource("/org/fraudstream/feedback/openapi.json");
    }

    public void health(Context ctx) {
        final boolean up = health.kafkaUp();
        ctx.status(up ? 200 : 503).json(new Health(up ? "UP" : "DOWN", up ? "UP" : "DOWN"));
    }

    public void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    public void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApi);
    }

    private static byte[] resource(String name) {
        try (InputStream in = OpsController.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
