package org.fraudstream.contract.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ServiceEndpointsTest {

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(ServiceEndpoints endpoints, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + endpoints.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeMetricsAndHealthThatFollowTheServiceState() throws Exception {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("stream_events_in").increment(3);
        final AtomicBoolean up = new AtomicBoolean(false);
        try (ServiceEndpoints endpoints = ServiceEndpoints.start(0, registry,
                () -> new ServiceEndpoints.Health(up.get(), "{\"state\":\"" + (up.get() ? "RUNNING" : "STARTING") + "\"}"))) {
            final HttpResponse<String> metrics = get(endpoints, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("stream_events_in_total 3.0");

            final HttpResponse<String> down = get(endpoints, "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"", "STARTING");
            up.set(true);
            final HttpResponse<String> healthy = get(endpoints, "/health");
            assertThat(healthy.statusCode()).isEqualTo(200);
            assertThat(healthy.body()).contains("\"status\":\"UP\"", "RUNNING");

            assertThat(get(endpoints, "/nope").statusCode()).isEqualTo(404);
        }
    }
}
