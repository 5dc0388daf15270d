package org.fraudstream.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.Label;
import org.fraudstream.contract.Topics;

/**
 * A simulated analyst for the local runs: works a share of the alerts (and a small random sample
 * of the other scored events), looks each one up in the ground truth that the replay sent to the
 * {@code labels} topic, and after a delay posts the label to the feedback API over real HTTP, as an
 * analyst's console would. The ground truth never reaches the scoring path any other way.
 */
final class Analyst implements OutcomeTally.Listener, AutoCloseable {

    private static final int MAX_ATTEMPTS = 3;
    static final int TRUTH_KEPT = 200_000;

    private final URI feedbackUri;
    private final String apiKey;
    private final double alertShare;
    private final double otherShare;
    private final Duration delay;
    private final SplittableRandom random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService desk = Executors.newScheduledThreadPool(2, r -> {
        final Thread t = new Thread(r, "analyst");
        t.setDaemon(true);
        return t;
    });
    /**
     * The ground truth of the latest {@value #TRUTH_KEPT} events, oldest dropped first: a label is
     * looked up a few seconds after its event (the delay, times at most {@value #MAX_ATTEMPTS} attempts),
     * so at 10,000 events/s this covers 20 s, and the map stays bounded however long the run.
     */
    private final Map<String, Boolean> truth = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1 << 16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > TRUTH_KEPT;
                }
            });
    private final KafkaConsumer<String, String> labels;
    private final Thread labelReader;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong fraudLabels = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();

    Analyst(String bootstrapServers, String labelsTopic, int feedbackPort, String apiKey, double alertShare,
            double otherShare, Duration delay, long seed) {
        this.feedbackUri = URI.create("http://localhost:" + feedbackPort + "/feedback");
        this.apiKey = apiKey;
        this.alertShare = alertShare;
        this.otherShare = otherShare;
        this.delay = delay;
        this.random = new SplittableRandom(seed);
        this.labels = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "analyst-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        this.labelReader = new Thread(() -> readLabels(labelsTopic), "analyst-truth");
        this.labelReader.setDaemon(true);
    }

    Analyst start() {
        labelReader.start();
        return this;
    }

    private void readLabels(String topic) {
        final List<TopicPartition> parts = labels.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        labels.assign(parts);
        labels.seekToBeginning(parts);
        final var reader = JsonSerde.MAPPER.readerFor(Label.class);
        while (running.get()) {
            for (var r : labels.poll(Duration.ofMillis(100))) {
                try {
                    final Label l = reader.readValue(r.value());
                    truth.put(l.transactionId(), l.fraud());
                } catch (java.io.IOException e) {
                    unknown.incrementAndGet(); // not a label: nothing to learn from
                }
            }
        }
        labels.close(Duration.ofSeconds(2));
    }

    /** Called by the tally for every scored event: picks the ones this analyst will work. */
    @Override
    public void scored(String transactionId, boolean anomaly) {
        final double share = anomaly ? alertShare : otherShare;
        final boolean pick;
        synchronized (random) {
            pick = share > 0 && random.nextDouble() < share;
        }
        if (pick && running.get()) {
            pending.incrementAndGet();
            desk.schedule(() -> label(transactionId, 1), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void label(String transactionId, int attempt) {
        try {
            if (!tryLabel(transactionId, attempt)) {
                return; // rescheduled: still pending
            }
        } catch (RuntimeException e) {
            refused.incrementAndGet();
        }
        pending.decrementAndGet();
    }

    /** @return false when the label was rescheduled for a later attempt */
    private boolean tryLabel(String transactionId, int attempt) {
        final Boolean fraud = truth.get(transactionId);
        if (fraud == null) {
            if (attempt < MAX_ATTEMPTS && running.get()) { // the truth may not have been read yet
                desk.schedule(() -> label(transactionId, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
                return false;
            }
            unknown.incrementAndGet();
            return true;
        }
        final String body = "{\"transactionId\":\"" + transactionId + "\",\"label\":\"" + (fraud ? "FRAUD" : "LEGIT")
                + "\",\"analystId\":\"sim-analyst\",\"note\":\"simulated from ground truth\"}";
        try {
            final HttpResponse<String> r = http.send(HttpRequest.newBuilder(feedbackUri)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("X-API-Key", apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 202) {
                accepted.incrementAndGet();
                fraudLabels.addAndGet(fraud ? 1 : 0);
            } else {
                refused.incrementAndGet();
            }
        } catch (java.io.IOException e) {
            refused.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** Events picked whose label is not posted yet. */
    long pending() {
        return pending.get();
    }

    long accepted() {
        return accepted.get();
    }

    long refused() {
        return refused.get();
    }

    long fraudLabels() {
        return fraudLabels.get();
    }

    /** Events picked whose ground truth never arrived. */
    long unknown() {
        return unknown.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        desk.shutdownNow();
        desk.awaitTermination(5, TimeUnit.SECONDS);
        labelReader.join(5_000);
    }

    static String topic() {
        return Topics.LABELS.name();
    }
}
