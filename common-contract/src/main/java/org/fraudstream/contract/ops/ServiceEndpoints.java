package org.fraudstream.contract.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operational endpoints every service has: {@code GET /health} (200 when {@link Health#up()},
 * else 503, with a JSON body) and {@code GET /metrics} (Prometheus text format). A small JDK HTTP
 * server on its own daemon thread, so a service without a web framework needs no extra one.
 */
public final class ServiceEndpoints implements AutoCloseable {

    /** What {@code /health} reports: up or not, and a short JSON object of details. */
    public record Health(boolean up, String detailsJson) { }

    private final HttpServer server;

    private ServiceEndpoints(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving on {@code port} (0: any free port) on all interfaces.
     *
     * @throws IOException when the port cannot be bound (the message names it)
     */
    public static ServiceEndpoints start(int port, PrometheusMeterRegistry registry, Supplier<Health> health)
            throws IOException {
        final HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new IOException("cannot serve /health and /metrics on port " + port + ": " + e.getMessage(), e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                route(exchange, registry, health);
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "service-endpoints");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new ServiceEndpoints(server);
    }

    private static void route(HttpExchange exchange, PrometheusMeterRegistry registry, Supplier<Health> health)
            throws IOException {
        final String path = exchange.getRequestURI().getPath();
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "application/json", "{\"error\":\"METHOD_NOT_ALLOWED\"}");
        } else if ("/metrics".equals(path)) {
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        } else if ("/health".equals(path)) {
            final Health h = health.get();
            send(exchange, h.up() ? 200 : 503, "application/json",
                    "{\"status\":\"" + (h.up() ? "UP" : "DOWN") + "\",\"details\":" + h.detailsJson() + "}");
        } else {
            send(exchange, 404, "application/json", "{\"error\":\"NOT_FOUND\",\"message\":\"try /health or /metrics\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The port actually bound (useful after asking for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
