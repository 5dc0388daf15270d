package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.fraudstream.contract.Feedback;
import org.fraudstream.contract.FeedbackLabel;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.Topics;
import org.fraudstream.kafka.EmbeddedKafka;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyst console in a real browser: the whole suite in this JVM with generated traffic (as
 * {@code ./fraud up} runs it), headless Chromium opening {@code /console#key=...}. The page loads,
 * alerts and live throughput appear, a click on the first alert's Fraud button raises the page's
 * accepted-feedback count and puts a FRAUD label for that transaction on the feedback topic.
 * Skipped where Chromium is not installed, except under {@code CI=true}, where that fails.
 */
class ConsoleBrowserIT {

    private static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final String KEY = "it-key-0123456789abcdef";
    private static final String ROWS = "#alerts tbody tr[data-transaction-id]";

    @TempDir
    Path work;

    @Test
    void shouldShowAlertsAndFiguresAndPublishTheLabelWhenAnalystClicksFraud() throws Exception {
        requireChromium();
        final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        final Path target = Path.of("target");
        Files.createDirectories(target);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            final Path modelDir = Stack.trainOnGenerated(work, 20_000, 3, quiet);
            try (Suite suite = Suite.start(kafka, work, modelDir, StreamsConfig.EXACTLY_ONCE_V2, 2, Suite.Ports.ANY,
                    Map.of("FRAUD_API_KEYS", KEY), quiet);
                 LiveTraffic traffic = LiveTraffic.start(kafka, suite.topics.transactions().name(), 300,
                         UpCommand.TRAFFIC_SEED);
                 HeadlessChromium browser = HeadlessChromium.launch(target.resolve("chromium.log"), 1400, 1000)) {
                browser.navigate("http://localhost:" + suite.feedback.port() + "/console#key=" + KEY);

                Await.until(() -> text(browser, "document.querySelector('h1') && document.querySelector('h1').textContent")
                        .contains("analyst console"), DEADLINE, () -> "page not loaded: " + browser.pageErrors());
                Await.until(() -> number(browser, "document.querySelectorAll('" + ROWS + "').length") > 0, DEADLINE,
                        () -> "no alert rows; banner: " + text(browser, "document.getElementById('banner').textContent")
                                + "; traffic sent " + traffic.sent() + ", failure " + traffic.failure());
                Await.until(() -> number(browser, "Number(document.getElementById('throughput').dataset.value || 0)") > 0,
                        DEADLINE, () -> "throughput shows '" + text(browser, "document.getElementById('throughput')"
                                + ".textContent") + "'; banner: " + text(browser, "document.getElementById('banner').textContent"));
                assertThat(browser.evaluate("location.hash").asText()).as("the key does not stay in the URL").isEmpty();
                assertThat(browser.evaluate("sessionStorage.getItem('fraudstream.apiKey')").asText()).isEqualTo(KEY);
                final double acceptedBefore = number(browser, "Number(document.getElementById('accepted-count').textContent)");

                final String txId = browser.evaluate("(() => { const row = document.querySelector('" + ROWS + "');"
                        + " row.querySelector('button.fraud').click(); return row.dataset.transactionId; })()").asText();

                assertThat(txId).startsWith(traffic.runId() + "-");
                Await.until(() -> number(browser, "Number(document.getElementById('accepted-count').textContent)")
                        > acceptedBefore, DEADLINE, () -> "accepted count still '" + text(browser,
                        "document.getElementById('accepted-count').textContent") + "'; row status: " + text(browser,
                        "document.querySelector('tr[data-transaction-id=\"" + txId + "\"] .status').textContent"));
                assertThat(text(browser, "document.querySelector('tr[data-transaction-id=\"" + txId + "\"] .status')"
                        + ".textContent")).contains("FRAUD", "accepted");
                final Feedback label = feedbackFor(kafka, txId);
                assertThat(label.label()).isEqualTo(FeedbackLabel.FRAUD);
                assertThat(label.analystId()).isEqualTo("console");
                assertThat(browser.pageErrors()).as("errors in the page").isEmpty();
                Files.write(target.resolve("console.png"), browser.screenshot());
            }
        }
    }

    private static void requireChromium() {
        if (Files.isExecutable(HeadlessChromium.BINARY)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(HeadlessChromium.BINARY + " is not installed, and CI=true: CI must run the browser test "
                    + "(apt-get install chromium)");
        }
        Assumptions.assumeTrue(false, HeadlessChromium.BINARY + " is not installed: browser test skipped");
    }

    /** The feedback record for {@code txId}, once it is on the feedback topic. */
    private static Feedback feedbackFor(EmbeddedKafka kafka, String txId) throws Exception {
        final List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> parts = c.partitionsFor(Topics.FEEDBACK.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Await.until(() -> {
                c.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (txId.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            }, DEADLINE, () -> "no record keyed " + txId + " on " + Topics.FEEDBACK.name());
        }
        assertThat(found).hasSize(1);
        return JsonSerde.of(Feedback.class).fromBytes(found.get(0).value());
    }

    private static String text(HeadlessChromium browser, String expression) {
        final JsonNode v = browser.peek(expression);
        return v == null || v.isNull() || v.isMissingNode() ? "" : v.asText();
    }

    private static double number(HeadlessChromium browser, String expression) {
        final JsonNode v = browser.peek(expression);
        return v == null || !v.isNumber() ? -1 : v.asDouble();
    }
}
