package org.fraudstream.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.fraudstream.contract.JsonSerde;

/** A real HTTP client (java.net.http) speaking to one running app. */
final class Http {

    /** A response with its body read as JSON when it is JSON. */
    record Response(int status, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JsonSerde.MAPPER.readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + raw.body(), e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String body() {
            return raw.body();
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Response get(String path, String apiKey) {
        return send(builder(path, apiKey).GET().build());
    }

    /** POST of a JSON text as application/json. */
    Response postJson(String path, String apiKey, String json) {
        return send(builder(path, apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    /**
     * Any request: {@code contentType} null sends none; {@code chunked} sends the body without a
     * Content-Length.
     */
    Response send(String method, String path, String apiKey, String contentType, byte[] body, boolean chunked) {
        final HttpRequest.Builder b = builder(path, apiKey);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        final HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return send(b.method(method, publisher).build());
    }

    private HttpRequest.Builder builder(String path, String apiKey) {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            b.header(FeedbackApp.API_KEY_HEADER, apiKey);
        }
        return b;
    }

    private Response send(HttpRequest request) {
        try {
            final HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
