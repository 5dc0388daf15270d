package org.fraudstream.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.TransactionType;
import org.fraudstream.kafka.EmbeddedKafka;
import org.fraudstream.model.BundleManifest;
import org.fraudstream.model.LogisticModel;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.model.ModelUpdate;
import org.fraudstream.updater.UpdaterTopics;
import org.fraudstream.updater.UpdaterTopology;

/**
 * Chaos for the feedback loop. On a broker in this JVM: N scored events (as the scoring app writes
 * them to {@code scored}, with their served vectors) and then N distinct labels for them on
 * {@code feedback}, in K+1 chunks; the online updater runs in its own JVM under exactly_once_v2 and
 * is killed with SIGKILL K times, each time after it has taken a seeded share of a chunk and a
 * seeded delay shorter than half the batch max wait (so its batch is filled but not yet published),
 * then started again. When the versions on {@code model-updates} cover the labels (or nothing more
 * comes), the updater is stopped and {@link LoopLedger} accounts for every label from what committed
 * transactions wrote: model-updates, the updater's state changelog, feedback-dlq and feedback-unmatched.
 */
final class LoopChaos {

    static final String APP_ID = "loop-chaos-updater";
    static final String BASE_VERSION = "sgd-20260101000000-0c4a05ed";
    static final int HOLDOUT_EVERY = 5;
    private static final Pattern HELD = Pattern.compile("trainer starts from (\\S+) \\((\\d+) labels held");
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
    private static final int SIGNAL = FeaturesV1.NAMES.indexOf("log_amount");

    /**
     * @param labels     labels sent (one per scored event, all distinct)
     * @param kills      SIGKILLs of the updater
     * @param seed       seed of the vectors, the labels and the kill moments
     * @param partitions partitions of feedback and scored
     * @param batchSize  the updater's mini-batch
     * @param maxWaitMs  the updater's batch max wait
     * @param fraudShare share of labels that say fraud
     * @param guarantee  the updater's processing guarantee: exactly_once_v2 (the point), or at_least_once
     *                   (to see what the ledger reports when a crash replays labels)
     */
    record Settings(int labels, int kills, long seed, int partitions, int batchSize, long maxWaitMs,
                    double fraudShare, String guarantee) {
        Settings {
            if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee) && !StreamsConfig.AT_LEAST_ONCE.equals(guarantee)) {
                throw new IllegalArgumentException("guarantee must be exactly_once_v2 or at_least_once, was '"
                        + guarantee + "'");
            }
            if (labels < 1 || kills < 0 || partitions < 1 || batchSize < 1 || maxWaitMs < 1) {
                throw new IllegalArgumentException("labels, partitions, batch size and max wait must be >= 1, kills"
                        + " >= 0");
            }
            if (kills >= labels) {
                throw new IllegalArgumentException("kills must be fewer than labels (each kill comes in a chunk of"
                        + " labels)");
            }
        }
    }

    /** One SIGKILL: when, what the killed process had done, what its successor found in its state. */
    record Kill(int chunk, long labelsJoinedAtKill, long updatesAtKill, long delayMs, Integer heldAtRestart) {
        Map<String, Object> toMap() {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("chunk", chunk);
            m.put("labels_joined_by_killed_process", labelsJoinedAtKill);
            m.put("versions_published_by_killed_process", updatesAtKill);
            m.put("delay_ms", delayMs);
            m.put("labels_held_at_restart", heldAtRestart);
            return m;
        }
    }

    private final EmbeddedKafka kafka;
    private final Path dir;
    private final Settings s;
    private final PrintStream err;
    private final UpdaterTopics topics = UpdaterTopics.defaults();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Path> logs = new ArrayList<>();

    LoopChaos(EmbeddedKafka kafka, Path dir, Settings settings, PrintStream err) {
        this.kafka = kafka;
        this.dir = dir;
        this.s = settings;
        this.err = err;
    }

    /** Runs the whole scenario; the report holds the ledger's figures and each kill. */
    Map<String, Object> run() throws Exception {
        final long t0 = System.nanoTime();
        kafka.createTopics(List.of(topics.feedback().name(), topics.scored().name(), topics.feedbackDlq().name(),
                topics.feedbackUnmatched().name()), s.partitions());
        kafka.createTopics(List.of(topics.modelUpdates().name()), 1, Map.of("cleanup.policy", "compact"));
        final Path modelDir = dir.resolve("model");
        baseBundle().save(modelDir);
        final List<String> ids = new ArrayList<>(s.labels());
        for (int i = 0; i < s.labels(); i++) {
            ids.add(String.format("lc-%d-%07d", s.seed(), i));
        }
        final Random chaos = new Random(s.seed());
        final List<Kill> kills = new ArrayList<>();
        long lastJoined = 0;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            sendScored(producer, ids);
            UpdaterProcess updater = startUpdater(modelDir, 0);
            try {
                final int chunks = s.kills() + 1;
                for (int c = 0; c < chunks; c++) {
                    final int from = (int) ((long) s.labels() * c / chunks);
                    final int to = (int) ((long) s.labels() * (c + 1) / chunks);
                    final long joinedBefore = updater.labelsJoined();
                    sendLabels(producer, ids.subList(from, to), from);
                    err.printf("sent labels %,d..%,d of %,d%n", from + 1, to, s.labels());
                    if (c < s.kills()) {
                        kills.add(killMidBatch(updater, c, joinedBefore, to - from, chaos));
                        updater = startUpdater(modelDir, c + 1);
                    }
                }
                awaitCovered(ids.size());
                lastJoined = updater.labelsJoined();
            } finally {
                updater.stop();
            }
        }
        final List<Kill> withHeld = heldAtRestart(kills);
        final LoopLedger.Result ledger = account(new LinkedHashSet<>(ids));
        final Map<String, Object> r = new LinkedHashMap<>();
        r.putAll(ledger.toMap());
        r.put("kills", withHeld.size());
        r.put("kills_with_labels_held_at_restart", withHeld.stream()
                .filter(k -> k.heldAtRestart() != null && k.heldAtRestart() > 0).count());
        // joins are counted by each process from 0: what exceeds the accepted labels was done again after
        // a kill, because the killed process had not committed it
        final long joined = lastJoined + kills.stream().mapToLong(Kill::labelsJoinedAtKill).sum();
        r.put("labels_joined_by_all_processes", joined);
        r.put("labels_joined_again_after_kills", joined - ledger.labelsAccepted());
        // likewise versions (each process's log has a line per version it sent): one sent but not committed
        // when its process died is fitted again from the same batch by the next (same name: the fit is
        // deterministic), and published once
        long published = 0;
        for (Path log : logs) {
            published += publishedIn(log);
        }
        r.put("versions_published_by_all_processes", published);
        r.put("versions_published_again_after_kills", published - ledger.versionsPublished());
        r.put("kill_details", withHeld.stream().map(Kill::toMap).toList());
        r.put("wall_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        return r;
    }

    /**
     * Waits until the updater has joined a seeded share of the chunk and published a version (its
     * trainer is taking labels), then a seeded delay shorter than half the max wait, and SIGKILLs it:
     * labels of the next batch are in flight, taken, perhaps committed, and not yet published.
     */
    private Kill killMidBatch(UpdaterProcess updater, int chunk, long joinedBefore, int chunkSize, Random chaos)
            throws Exception {
        final long target = joinedBefore + Math.max(1, Math.round(chunkSize * (0.2 + 0.7 * chaos.nextDouble())));
        final long delayMs = (long) (chaos.nextDouble() * s.maxWaitMs() / 2);
        final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (updater.labelsJoined() < target || updater.updates() < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the updater joined " + updater.labelsJoined() + " labels (waiting for "
                        + target + ") and published " + updater.updates() + " versions within 2 minutes; see "
                        + updater.log());
            }
            Thread.sleep(10); // polling the updater's /metrics with a deadline
        }
        Thread.sleep(delayMs); // the seeded moment of the kill, inside the batch max wait
        final long joined = updater.labelsJoined();
        final long updates = updater.updates();
        updater.kill();
        err.printf("killed the updater (SIGKILL) after it joined %,d labels and published %d versions%n", joined,
                updates);
        return new Kill(chunk, joined, updates, delayMs, null);
    }

    /**
     * The end: the versions on model-updates use every label that is not for the holdout (each label
     * goes once to one of the two); or the updater has consumed and committed all its input (feedback,
     * scored and its own labeled-examples) and nothing new was published for three max waits since (a
     * last batch of one class only is held until more labels come). Never while input is pending: a
     * process still restoring its state publishes nothing for a while, and its labels are not lost.
     * The updater is stopped afterwards, so the ledger reads a final state either way.
     */
    private void awaitCovered(int labels) throws Exception {
        final long expected = labels - labels / HOLDOUT_EVERY;
        final long quietNanos = Duration.ofMillis(3 * s.maxWaitMs()).toNanos();
        final long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos() + labels * 2_000_000L;
        long lastUsed = -1;
        long changedAt = System.nanoTime();
        while (System.nanoTime() < deadline) {
            final long used = usedSoFar();
            if (used != lastUsed) {
                lastUsed = used;
                changedAt = System.nanoTime();
                err.printf("versions on model-updates use %,d of the %,d training labels%n", used, expected);
            }
            if (used >= expected) {
                return;
            }
            if (pendingInput() > 0) {
                changedAt = System.nanoTime();
            } else if (System.nanoTime() - changedAt > quietNanos) {
                err.printf("all input committed and nothing new on model-updates for %d ms: accounting now%n",
                        quietNanos / 1_000_000L);
                return;
            }
            Thread.sleep(500); // polling model-updates with a deadline
        }
        err.println("deadline: accounting now");
    }

    /** Committed records of the updater's input topics beyond its committed offsets (at most a few). */
    private long pendingInput() throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> at;
        try (var admin = kafka.admin()) {
            at = admin.listConsumerGroupOffsets(APP_ID).partitionsToOffsetAndMetadata().get();
        }
        final List<String> inputs = List.of(topics.feedback().name(), topics.scored().name(), examplesTopic());
        return CommittedLog.beyond(kafka.bootstrapServers(), inputs, at, READ_TIMEOUT);
    }

    static String examplesTopic() {
        return APP_ID + "-" + UpdaterTopology.EXAMPLES_TOPIC + "-repartition";
    }

    private long usedSoFar() {
        final Map<String, Long> used = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : CommittedLog.read(kafka.bootstrapServers(),
                topics.modelUpdates().name(), READ_TIMEOUT)) {
            if (r.value() != null) {
                final ModelUpdate u = ModelUpdate.fromBytes(r.value());
                used.put(u.version(), u.labelsUsed());
            }
        }
        return used.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Reads what the committed transactions wrote and hands it to the ledger. */
    private LoopLedger.Result account(Set<String> sent) throws IOException {
        final String servers = kafka.bootstrapServers();
        final Set<String> turnedAway = new HashSet<>();
        for (String t : List.of(topics.feedbackDlq().name(), topics.feedbackUnmatched().name())) {
            CommittedLog.read(servers, t, READ_TIMEOUT).forEach(r -> turnedAway.add(r.key()));
        }
        final List<LoopLedger.Version> versions = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : CommittedLog.read(servers, topics.modelUpdates().name(),
                READ_TIMEOUT)) {
            if (r.value() != null) {
                final ModelUpdate u = ModelUpdate.fromBytes(r.value());
                versions.add(new LoopLedger.Version(u.version(), u.parentVersion(), u.labelsUsed()));
            }
        }
        final List<LoopLedger.StateRecord> state = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : CommittedLog.read(servers, stateChangelog(), READ_TIMEOUT)) {
            state.add(new LoopLedger.StateRecord(r.key(), transactionId(r)));
        }
        err.printf("read %,d versions, %,d state records, %,d labels turned away%n", versions.size(), state.size(),
                turnedAway.size());
        return LoopLedger.account(sent, turnedAway, BASE_VERSION, versions, state);
    }

    static String stateChangelog() {
        return APP_ID + "-" + UpdaterTopology.STATE_STORE + "-changelog";
    }

    private static String transactionId(ConsumerRecord<String, byte[]> r) throws IOException {
        if (r.value() == null || r.key() == null || !(r.key().startsWith("b/") || r.key().startsWith("h/"))) {
            return null;
        }
        return JsonSerde.MAPPER.readTree(r.value()).path("transactionId").asText(null);
    }

    /** Each kill with what the next process's trainer said it found held in its state. */
    private List<Kill> heldAtRestart(List<Kill> kills) throws IOException {
        final List<Kill> out = new ArrayList<>();
        for (int i = 0; i < kills.size(); i++) {
            final Kill k = kills.get(i);
            out.add(new Kill(k.chunk(), k.labelsJoinedAtKill(), publishedIn(logs.get(i)), k.delayMs(),
                    held(logs.get(i + 1))));
        }
        return out;
    }

    /** Versions a process sent, committed or not: its trainer logs each ("published ...") before the kill could. */
    private static long publishedIn(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("TrainerProcessor - published ")).count();
        }
    }

    private static Integer held(Path log) throws IOException {
        if (!Files.exists(log)) {
            return null;
        }
        final Matcher m = HELD.matcher(Files.readString(log, StandardCharsets.UTF_8));
        return m.find() ? Integer.valueOf(m.group(2)) : null;
    }

    private void sendScored(KafkaProducer<String, byte[]> producer, List<String> ids) {
        final SplittableRandom rnd = new SplittableRandom(s.seed());
        final long now = System.currentTimeMillis();
        for (int i = 0; i < ids.size(); i++) {
            final boolean fraud = fraud(i);
            final ScoredEvent e = new ScoredEvent(ids.get(i), "C" + i, now, 1, TransactionType.TRANSFER, 100.0,
                    fraud ? 0.9 : 0.1, 0.5, fraud, BASE_VERSION, FeaturesV1.VERSION, null, vector(fraud, rnd));
            producer.send(new ProducerRecord<>(topics.scored().name(), e.transactionId(),
                    topics.scored().valueSerde().serializer().serialize(topics.scored().name(), e)));
        }
        producer.flush();
        err.printf("sent %,d scored events%n", ids.size());
    }

    private void sendLabels(KafkaProducer<String, byte[]> producer, List<String> ids, int first) {
        final String at = Instant.now().toString();
        for (int i = 0; i < ids.size(); i++) {
            final String json = "{\"transactionId\":\"" + ids.get(i) + "\",\"label\":\""
                    + (fraud(first + i) ? "FRAUD" : "LEGIT") + "\",\"analystId\":\"loop-chaos\",\"note\":null,"
                    + "\"labeledAt\":\"" + at + "\"}";
            producer.send(new ProducerRecord<>(topics.feedback().name(), ids.get(i),
                    json.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    /** The label of the i-th event: a seeded draw, the same for its vector and its feedback. */
    private boolean fraud(int i) {
        return new SplittableRandom(s.seed() * 1_000_003L + i).nextDouble() < s.fraudShare();
    }

    /** A FEATURES_V1-shaped vector; fraud sits higher on log_amount, so there is something to learn. */
    private static double[] vector(boolean fraud, SplittableRandom rnd) {
        final double[] x = new double[FeaturesV1.SIZE];
        for (int i = 0; i < x.length; i++) {
            x[i] = mean(i) + scale(i) * rnd.nextGaussian();
        }
        x[SIGNAL] += (fraud ? 1.5 : -1.5) * scale(SIGNAL);
        return x;
    }

    private static double mean(int i) {
        return 3.0 * i - 10.0;
    }

    private static double scale(int i) {
        return 0.5 + 0.25 * i;
    }

    /** The base bundle: the vectors' standardization, all weights 0. */
    private ModelBundle baseBundle() {
        final double[] mean = new double[FeaturesV1.SIZE];
        final double[] scale = new double[FeaturesV1.SIZE];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = mean(i);
            scale[i] = scale(i);
        }
        final BundleManifest manifest = new BundleManifest(BASE_VERSION, FeaturesV1.VERSION, FeaturesV1.HASH,
                FeaturesV1.NAMES, List.of(), 0.5, 0.005, s.seed(), "0".repeat(64), "2026-01-01T00:00:00Z",
                "loop-chaos", Map.of(), Map.of());
        return new ModelBundle(manifest, new LogisticModel(new double[FeaturesV1.SIZE], 0.0, mean, scale));
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The updater's environment (see UpdaterConfig): exactly-once, a gate that lets every fit through. */
    private Map<String, String> updaterEnv(Path modelDir) {
        final Map<String, String> env = new HashMap<>();
        env.put("FRAUD_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("FRAUD_MODEL_DIR", modelDir.toString());
        env.put("FRAUD_UPDATER_MODEL_DIR", dir.resolve("versions").toString());
        env.put("FRAUD_STATE_DIR", dir.resolve("updater-state").toString());
        env.put("FRAUD_PROCESSING_GUARANTEE", s.guarantee());
        env.put("FRAUD_UPDATER_APPLICATION_ID", APP_ID);
        env.put("FRAUD_UPDATER_BATCH_SIZE", Integer.toString(s.batchSize()));
        env.put("FRAUD_UPDATER_MAX_WAIT_MS", Long.toString(s.maxWaitMs()));
        // no label may leave by the side doors: held labels are never dropped, the holdout never wraps,
        // and the gate accepts every fit (this run is about accounting, not about model quality)
        env.put("FRAUD_UPDATER_MAX_HELD", Integer.toString(Math.max(s.labels(), 16 * s.batchSize())));
        env.put("FRAUD_UPDATER_HOLDOUT_SIZE", Integer.toString(s.labels() / HOLDOUT_EVERY + 1));
        env.put("FRAUD_UPDATER_HOLDOUT_EVERY", Integer.toString(HOLDOUT_EVERY));
        env.put("FRAUD_UPDATER_HOLDOUT_MIN", "20");
        env.put("FRAUD_UPDATER_GATE_TOLERANCE", "1000000");
        // static membership: a restarted process takes its predecessor's place without waiting for its session
        env.put("FRAUD_STREAMS_GROUP_INSTANCE_ID", APP_ID + "-instance");
        env.put("FRAUD_STREAMS_SESSION_TIMEOUT_MS", "10000");
        // the ledger reads every put and delete of the state changelog: keep the cleaner off it for the run
        env.put("FRAUD_STREAMS_TOPIC_MIN_COMPACTION_LAG_MS", Long.toString(Duration.ofDays(1).toMillis()));
        return env;
    }

    private UpdaterProcess startUpdater(Path modelDir, int run) throws IOException, InterruptedException {
        final UpdaterProcess p = UpdaterProcess.start(updaterEnv(modelDir), dir.resolve("updater-" + run), http);
        logs.add(p.log());
        err.printf("updater run %d started (log %s)%n", run, p.log());
        return p;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
