package org.fraudstream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.fraudstream.contract.JsonSerde;

/**
 * A headless Chromium driven through the DevTools protocol (JSON over a WebSocket, java.net.http):
 * launched with a fresh profile directory and {@code --remote-debugging-port=0}; the port it chose
 * is read from {@code DevToolsActivePort} in the profile. {@link #close()} ends the browser and its
 * child processes (by handle) and deletes the profile. Exceptions the page throws are collected.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration CALL = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private WebSocket socket;

    private HeadlessChromium(Process process, Path profile, Path log) {
        this.process = process;
        this.profile = profile;
        this.log = log;
    }

    /** Starts the browser on a blank page and attaches to that page. */
    static HeadlessChromium launch(Path log, int width, int height) throws Exception {
        final Path profile = Files.createTempDirectory("chromium-profile-");
        final Process p = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-debugging-port=0", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final HeadlessChromium browser = new HeadlessChromium(p, profile, log);
        try {
            browser.attach();
            browser.call("Runtime.enable", Map.of());
            browser.call("Page.enable", Map.of());
            return browser;
        } catch (Exception | AssertionError e) {
            browser.close();
            throw e;
        }
    }

    private void attach() throws Exception {
        final Path portFile = profile.resolve("DevToolsActivePort");
        final long deadline = System.nanoTime() + START.toNanos();
        List<String> lines = List.of();
        while (lines.size() < 2) {
            if (!process.isAlive()) {
                throw new AssertionError("chromium exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("chromium wrote no " + portFile + " within " + START + "; see " + log);
            }
            lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
            if (lines.size() < 2) {
                Thread.sleep(50); // polling for the file the browser writes once it listens
            }
        }
        final String base = "http://127.0.0.1:" + lines.get(0).strip();
        final JsonNode targets = JsonSerde.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/json/list"))
                .timeout(CALL).build(), HttpResponse.BodyHandlers.ofString()).body());
        String page = null;
        for (JsonNode t : targets) {
            if ("page".equals(t.path("type").asText())) {
                page = t.path("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (page == null) {
            throw new AssertionError("no page target in " + targets);
        }
        socket = http.newWebSocketBuilder().connectTimeout(CALL).buildAsync(URI.create(page), new Listener())
                .get(CALL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends one command and waits for its result; a protocol error fails. */
    JsonNode call(String method, Map<String, ?> params) throws Exception {
        final int id = ids.incrementAndGet();
        final CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        final ObjectNode msg = JsonSerde.MAPPER.createObjectNode().put("id", id).put("method", method);
        msg.set("params", JsonSerde.MAPPER.valueToTree(params));
        socket.sendText(JsonSerde.MAPPER.writeValueAsString(msg), true).get(CALL.toMillis(), TimeUnit.MILLISECONDS);
        final JsonNode reply = answer.get(CALL.toMillis(), TimeUnit.MILLISECONDS);
        if (reply.has("error")) {
            throw new AssertionError(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    void navigate(String url) throws Exception {
        final JsonNode r = call("Page.navigate", Map.of("url", url));
        if (r.hasNonNull("errorText")) {
            throw new AssertionError("cannot load " + url + ": " + r.get("errorText").asText());
        }
    }

    /** The value of a JavaScript expression in the page (promises awaited); a thrown exception fails. */
    JsonNode evaluate(String expression) throws Exception {
        final JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new AssertionError("evaluating " + expression + " threw " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Evaluates {@code expression}, answering null instead of failing (for polling while the page loads). */
    JsonNode peek(String expression) {
        try {
            return evaluate(expression);
        } catch (Exception | AssertionError e) {
            return null;
        }
    }

    byte[] screenshot() throws Exception {
        return Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png")).path("data").asText());
    }

    /** Uncaught exceptions and console.error messages of the page so far. */
    List<String> pageErrors() {
        return new ArrayList<>(pageErrors);
    }

    private void onMessage(String text) {
        final JsonNode msg;
        try {
            msg = JsonSerde.MAPPER.readTree(text);
        } catch (IOException e) {
            pageErrors.add("unreadable DevTools message: " + text);
            return;
        }
        if (msg.has("id")) {
            final CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
            if (f != null) {
                f.complete(msg);
            }
        } else if ("Runtime.exceptionThrown".equals(msg.path("method").asText())) {
            pageErrors.add(msg.path("params").path("exceptionDetails").toString());
        } else if ("Runtime.consoleAPICalled".equals(msg.path("method").asText())
                && "error".equals(msg.path("params").path("type").asText())) {
            pageErrors.add("console.error: " + msg.path("params").path("args"));
        }
    }

    /** Ends the browser and every process it started, then deletes the profile. */
    @Override
    public void close() throws Exception {
        if (socket != null) {
            socket.abort();
        }
        final List<ProcessHandle> children = process.descendants().toList(); // before the parent is gone
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle c : children) {
            try {
                c.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                c.destroyForcibly();
            }
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Reassembles fragmented text frames and hands each message on. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                final String text = partial.toString();
                partial.setLength(0);
                onMessage(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }
}
