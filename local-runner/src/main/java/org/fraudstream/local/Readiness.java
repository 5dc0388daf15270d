package org.fraudstream.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fraudstream.contract.DlqRecord;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.Topics;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.PaySimRow;
import org.fraudstream.ingest.ReplayConfig;
import org.fraudstream.ingest.Replayer;
import org.fraudstream.ingest.TrafficGenerator;

/**
 * Checks a running stack from the outside, as an operator would before a demo: every service's
 * /health is up; the metrics the dashboard and alerts read are exposed; a probe of its own events
 * (a few malformed among them) moves the counters and comes out exactly once across anomalies,
 * metrics and dlq; labels POSTed for the probe reach the online updater and a new model version
 * ends up scoring. Every check is recorded with pass/fail and what was seen; a failed check does not
 * stop the later ones unless they depend on it.
 */
final class Readiness {

    /** Where the stack is. */
    record Targets(String scoringUrl, String feedbackUrl, String updaterUrl, String bootstrapServers, String apiKey) { }

    /** One check's outcome. */
    record Check(String name, boolean passed, String detail, double seconds) { }

    /** Metrics each service must expose (Prometheus names; a histogram by its _bucket series). */
    static final Map<String, List<String>> REQUIRED_METRICS = Map.of(
            "scoring", List.of("stream_events_in_total", "stream_events_scored_total", "stream_events_anomaly_total",
                    "stream_events_dlq_total", "stream_end_to_end_latency_seconds_bucket",
                    "stream_scoring_latency_seconds_bucket", "stream_score_bucket", "model_version",
                    "model_swaps_total", "drift_psi", "jvm_memory_used_bytes", "process_cpu_usage"),
            "feedback", List.of("feedback_requests_total", "feedback_published_total",
                    "feedback_request_seconds_bucket", "jvm_memory_used_bytes"),
            "updater", List.of("online_labels_total", "online_updates_total", "online_gate_rejections_total",
                    "model_version", "jvm_memory_used_bytes"));

    private final Targets targets;
    private final int probeEvents;
    private final int probeMalformed;
    private final Duration deadline;
    private final PrintStream log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final List<Check> checks = new ArrayList<>();

    Readiness(Targets targets, int probeEvents, int probeMalformed, Duration deadline, PrintStream log) {
        this.targets = targets;
        this.probeEvents = probeEvents;
        this.probeMalformed = probeMalformed;
        this.deadline = deadline;
        this.log = log;
    }

    List<Check> run() {
        final boolean healthy = check("health", this::health);
        check("metrics_present", this::metricsPresent);
        if (!healthy) {
            skip("probe_counts_add_up", "services not healthy");
            skip("metrics_moving", "services not healthy");
            skip("feedback_round_trip", "services not healthy");
            return checks;
        }
        final Probe probe = new Probe("readiness-" + Long.toString(System.currentTimeMillis(), 36));
        final Map<String, Double> before = scrapeAll();
        final boolean delivered = check("probe_counts_add_up", () -> probe.sendAndVerify());
        check("metrics_moving", () -> moving(before, probe));
        if (delivered) {
            check("feedback_round_trip", () -> roundTrip(probe));
        } else {
            skip("feedback_round_trip", "the probe's events were not all scored");
        }
        return checks;
    }

    private interface Body {
        String run() throws Exception; // the detail; throws CheckFailed on failure
    }

    /** A check that did not pass, with what was seen. */
    static final class CheckFailed extends Exception {
        CheckFailed(String detail) {
            super(detail);
        }
    }

    private boolean check(String name, Body body) {
        final long t0 = System.nanoTime();
        boolean passed;
        String detail;
        try {
            detail = body.run();
            passed = true;
        } catch (CheckFailed e) {
            detail = e.getMessage();
            passed = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            detail = "interrupted";
            passed = false;
        } catch (Exception e) {
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            passed = false;
        }
        final Check c = new Check(name, passed, detail, (System.nanoTime() - t0) / 1e9);
        checks.add(c);
        log.printf("%-22s %s  %s%n", name, passed ? "PASS" : "FAIL", detail);
        return passed;
    }

    private void skip(String name, String why) {
        checks.add(new Check(name, false, "not run: " + why, 0));
        log.printf("%-22s %s  %s%n", name, "FAIL", "not run: " + why);
    }

    // ---- health and metrics ----

    private Map<String, String> services() {
        final Map<String, String> s = new LinkedHashMap<>();
        s.put("scoring", targets.scoringUrl());
        s.put("feedback", targets.feedbackUrl());
        s.put("updater", targets.updaterUrl());
        return s;
    }

    private String health() throws Exception {
        final List<String> down = new ArrayList<>();
        for (Map.Entry<String, String> e : services().entrySet()) {
            try {
                final HttpResponse<String> r = get(e.getValue() + "/health");
                if (r.statusCode() != 200) {
                    down.add(e.getKey() + " answered " + r.statusCode() + " " + r.body());
                }
            } catch (IOException ex) {
                down.add(e.getKey() + " unreachable at " + e.getValue() + " (" + ex.getMessage() + ")");
            }
        }
        if (!down.isEmpty()) {
            throw new CheckFailed(String.join("; ", down));
        }
        return "scoring, feedback and updater answer 200";
    }

    private String metricsPresent() throws Exception {
        final List<String> missing = new ArrayList<>();
        int found = 0;
        for (Map.Entry<String, String> e : services().entrySet()) {
            final Set<String> names;
            try {
                names = PromText.names(get(e.getValue() + "/metrics").body());
            } catch (IOException ex) {
                missing.add(e.getKey() + ": /metrics unreachable");
                continue;
            }
            for (String m : REQUIRED_METRICS.get(e.getKey())) {
                if (names.contains(m)) {
                    found++;
                } else {
                    missing.add(e.getKey() + ":" + m);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new CheckFailed("missing " + missing);
        }
        return found + " required metrics exposed";
    }

    private Map<String, Double> scrapeAll() {
        final Map<String, Double> sums = new HashMap<>();
        services().forEach((service, url) -> {
            try {
                PromText.sums(get(url + "/metrics").body()).forEach((k, v) -> sums.put(service + ":" + k, v));
            } catch (IOException e) {
                // absent: the moving check reports what it could not read
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return sums;
    }

    private String moving(Map<String, Double> before, Probe probe) throws Exception {
        final Map<String, Double> after = scrapeAll();
        final Map<String, Double> need = new LinkedHashMap<>();
        need.put("scoring:stream_events_in_total", (double) probe.sent());
        need.put("scoring:stream_events_scored_total", (double) probeEvents);
        need.put("scoring:stream_events_dlq_total", (double) probeMalformed);
        need.put("scoring:stream_end_to_end_latency_seconds_count", (double) probeEvents);
        final List<String> still = new ArrayList<>();
        final List<String> moved = new ArrayList<>();
        need.forEach((k, min) -> {
            final double d = after.getOrDefault(k, Double.NaN) - before.getOrDefault(k, Double.NaN);
            if (!(d >= min)) {
                still.add(k + " rose by " + d + " (< " + min.longValue() + ")");
            } else {
                moved.add(k.substring(k.indexOf(':') + 1) + " +" + (long) d);
            }
        });
        if (!still.isEmpty()) {
            throw new CheckFailed(String.join("; ", still));
        }
        return String.join(", ", moved);
    }

    // ---- the feedback round trip ----

    private String roundTrip(Probe probe) throws Exception {
        final String startVersion = scoringModelVersion();
        if (startVersion.isEmpty()) {
            throw new CheckFailed("the scoring app's /health names no model version");
        }
        final Map<String, Double> before = scrapeAll();
        final double updatesBefore = before.getOrDefault("updater:online_updates_total", 0.0);
        int posted = 0;
        int accepted = 0;
        final long end = System.nanoTime() + deadline.toNanos();
        // Labels in rounds: the updater holds back a share for its promotion gate and needs both
        // classes in a batch, so one round may not publish; each round labels the next probe events.
        for (List<Map.Entry<String, Boolean>> round : probe.labelRounds()) {
            for (Map.Entry<String, Boolean> l : round) {
                posted++;
                if (postLabel(l.getKey(), l.getValue()) == 202) {
                    accepted++;
                }
            }
            final boolean changed = waitFor(() -> !startVersion.equals(scoringModelVersionOrEmpty()),
                    Math.min(end, System.nanoTime() + Duration.ofSeconds(20).toNanos()));
            if (changed) {
                if (accepted != posted) {
                    throw new CheckFailed(accepted + " of " + posted + " labels accepted");
                }
                return posted + " labels accepted; scoring moved from " + startVersion + " to "
                        + scoringModelVersion() + "; updates published +"
                        + (long) (scrapeAll().getOrDefault("updater:online_updates_total", 0.0) - updatesBefore);
            }
            if (System.nanoTime() > end) {
                break;
            }
        }
        final Map<String, Double> now = scrapeAll();
        final double joined = now.getOrDefault("updater:online_labels_total", 0.0)
                - before.getOrDefault("updater:online_labels_total", 0.0);
        final double gateRejections = now.getOrDefault("updater:online_gate_rejections_total", 0.0)
                - before.getOrDefault("updater:online_gate_rejections_total", 0.0);
        if (accepted == posted && joined >= accepted && gateRejections >= 1) {
            // The loop ran end to end: every label reached the learner, candidates were fitted and the
            // promotion gate judged them worse than the model in use on held-out labels. Keeping the
            // better model is the gate doing its job, not a broken loop.
            return posted + " labels accepted and joined; no new version: the promotion gate kept " + startVersion
                    + " (" + (long) gateRejections + " candidates worse on held-out labels, see the updater's log)";
        }
        throw new CheckFailed(accepted + " of " + posted + " labels accepted; no new model version scoring (still "
                + startVersion + "); updater: labels joined " + now.get("updater:online_labels_total")
                + ", updates " + now.get("updater:online_updates_total") + ", gate rejections "
                + now.get("updater:online_gate_rejections_total"));
    }

    private String scoringModelVersion() throws Exception {
        final String body = get(targets.scoringUrl() + "/health").body();
        return JsonSerde.MAPPER.readTree(body).path("details").path("model").asText("");
    }

    private String scoringModelVersionOrEmpty() {
        try {
            return scoringModelVersion();
        } catch (Exception e) {
            return "";
        }
    }

    private int postLabel(String transactionId, boolean fraud) throws Exception {
        final String body = "{\"transactionId\":\"" + transactionId + "\",\"label\":\"" + (fraud ? "FRAUD" : "LEGIT")
                + "\",\"analystId\":\"readiness\"}";
        for (int attempt = 0; ; attempt++) {
            final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(targets.feedbackUrl() + "/feedback"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .header("X-API-Key", targets.apiKey()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if ((r.statusCode() == 429 || r.statusCode() == 503) && attempt < 5) {
                Thread.sleep(retryAfterMs(r)); // the API asked for it: back off as it says
                continue;
            }
            if (r.statusCode() == 401) {
                throw new CheckFailed("the feedback API refused the API key (401): pass --api-key or FRAUD_API_KEYS");
            }
            return r.statusCode();
        }
    }

    private static long retryAfterMs(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").map(v -> {
            try {
                return Math.min(5_000L, Long.parseLong(v.trim()) * 1000L);
            } catch (NumberFormatException e) {
                return 1_000L;
            }
        }).orElse(1_000L);
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static boolean waitFor(BooleanSupplier condition, long untilNanos) throws InterruptedException {
        while (System.nanoTime() < untilNanos) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250); // polling an HTTP endpoint for a condition, with a deadline
        }
        return condition.getAsBoolean();
    }

    // ---- the probe ----

    /**
     * The probe's own events: generated PaySim traffic with ids {@code <runId>-<n>} and the ground
     * truth kept here, plus malformed records whose transaction id the parser can still read, so
     * their DLQ records can be matched.
     */
    private final class Probe {

        private final String runId;
        private final Map<String, Boolean> truth = new LinkedHashMap<>();
        private final Map<String, ScoredEvent> scored = new HashMap<>();
        private final Set<String> malformed = new HashSet<>();
        private long sent;

        Probe(String runId) {
            this.runId = runId;
        }

        long sent() {
            return sent;
        }

        String sendAndVerify() throws Exception {
            final String[] outputs = {Topics.ANOMALIES.name(), Topics.METRICS.name(), Topics.DLQ.name()};
            try (KafkaConsumer<String, byte[]> c = consumer()) {
                final List<TopicPartition> parts = new ArrayList<>();
                for (String t : outputs) {
                    c.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
                }
                c.assign(parts);
                c.seekToEnd(parts);
                parts.forEach(c::position); // fix the start before the probe is sent
                send();
                return collect(c);
            }
        }

        private void send() throws Exception {
            final ReplayConfig rc = new ReplayConfig(targets.bootstrapServers(), Topics.TRANSACTIONS.name(), 0, 0,
                    runId.hashCode(), runId, null, null, Map.of());
            final Iterable<PaySimRow> rows = () -> new TrafficGenerator(GeneratorConfig.defaults(runId.hashCode())
                    .withFraudRate(0.02));
            final List<PaySimRow> kept = new ArrayList<>();
            final java.util.Iterator<PaySimRow> it = rows.iterator();
            for (int i = 0; i < probeEvents && it.hasNext(); i++) {
                kept.add(it.next());
            }
            for (int i = 0; i < kept.size(); i++) {
                truth.put(runId + "-" + i, kept.get(i).isFraud());
            }
            new Replayer(rc).run(kept.iterator(), kept.size(), x -> { });
            sent += kept.size();
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, targets.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < probeMalformed; i++) {
                    final String id = runId + "-bad-" + i;
                    malformed.add(id);
                    // well-formed JSON with an id but an amount that is not a number: a DLQ record naming the id
                    p.send(new ProducerRecord<>(Topics.TRANSACTIONS.name(), id,
                            ("{\"transactionId\":\"" + id + "\",\"amount\":\"not-a-number\"}")
                                    .getBytes(StandardCharsets.UTF_8))).get();
                    sent++;
                }
            }
        }

        private String collect(KafkaConsumer<String, byte[]> c) throws Exception {
            final Map<String, Integer> seen = new HashMap<>();
            final var scoredReader = JsonSerde.MAPPER.readerFor(ScoredEvent.class);
            final var dlqReader = JsonSerde.MAPPER.readerFor(DlqRecord.class);
            final long end = System.nanoTime() + deadline.toNanos();
            int found = 0;
            int dlq = 0;
            while (found < truth.size() + malformed.size() && System.nanoTime() < end) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    final String id;
                    if (r.topic().equals(Topics.DLQ.name())) {
                        final DlqRecord d = dlqReader.readValue(r.value());
                        id = d.transactionId() != null ? d.transactionId()
                                : new String(Base64.getDecoder().decode(d.payloadBase64()), StandardCharsets.UTF_8);
                        if (!malformed.contains(id)) {
                            if (truth.containsKey(id)) {
                                seen.merge(id, 1, Integer::sum); // a valid probe event rejected: counted, then reported
                            }
                            continue;
                        }
                        dlq++;
                    } else {
                        final ScoredEvent s = scoredReader.readValue(r.value());
                        id = s.transactionId();
                        if (!truth.containsKey(id)) {
                            continue;
                        }
                        scored.put(id, s);
                    }
                    if (seen.merge(id, 1, Integer::sum) == 1) {
                        found++;
                    }
                }
            }
            final long missing = truth.keySet().stream().filter(id -> !scored.containsKey(id)).count()
                    + malformed.stream().filter(id -> !seen.containsKey(id)).count();
            final long duplicates = seen.values().stream().filter(n -> n > 1).count();
            final String counts = String.format("%d events + %d malformed sent; %d scored (%d anomalies), %d in dlq,"
                            + " %d missing, %d duplicated", truth.size(), malformed.size(), scored.size(),
                    scored.values().stream().filter(ScoredEvent::anomaly).count(), dlq, missing, duplicates);
            if (missing > 0 || duplicates > 0) {
                throw new CheckFailed(counts);
            }
            return counts;
        }

        /**
         * Labels from the ground truth in rounds of about 400, the frauds and alerts spread over
         * the rounds so that each holds both classes (the updater holds back one-class batches).
         */
        List<List<Map.Entry<String, Boolean>>> labelRounds() {
            final List<Map.Entry<String, Boolean>> notable = new ArrayList<>();
            final List<Map.Entry<String, Boolean>> plain = new ArrayList<>();
            truth.forEach((id, fraud) -> (fraud || scored.get(id).anomaly() ? notable : plain)
                    .add(Map.entry(id, fraud)));
            final int n = Math.max(1, (notable.size() + plain.size() + 399) / 400);
            final List<List<Map.Entry<String, Boolean>>> rounds = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                final List<Map.Entry<String, Boolean>> round = new ArrayList<>();
                for (int i = r; i < notable.size(); i += n) {
                    round.add(notable.get(i));
                }
                for (int i = r; i < plain.size(); i += n) {
                    round.add(plain.get(i));
                }
                rounds.add(round);
            }
            return rounds;
        }

        private KafkaConsumer<String, byte[]> consumer() {
            return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, targets.bootstrapServers(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), new ByteArrayDeserializer());
        }
    }
}
