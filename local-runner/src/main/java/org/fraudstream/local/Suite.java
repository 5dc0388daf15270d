package org.fraudstream.local;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.fraudstream.feedback.ApiKeys;
import org.fraudstream.feedback.FeedbackConfig;
import org.fraudstream.feedback.FeedbackService;
import org.fraudstream.kafka.EmbeddedKafka;
import org.fraudstream.scoring.ScoringConfig;
import org.fraudstream.scoring.ScoringService;
import org.fraudstream.scoring.ScoringTopics;
import org.fraudstream.updater.UpdaterConfig;
import org.fraudstream.updater.UpdaterService;
import org.fraudstream.updater.UpdaterTopics;

/**
 * Every service of the suite in this JVM, on one broker: the scoring app, the feedback API and the
 * online updater, with the topics they need (the same partition count for all of them, so
 * {@code feedback} and {@code scored} are co-partitioned; {@code model-updates} compacted, one
 * partition). The feedback API reads this scoring app's metrics for the analyst console. Used by
 * {@code ./fraud demo} and {@code ./fraud up}.
 */
final class Suite implements AutoCloseable {

    /** The ports of the three services; 0 picks free ones. */
    record Ports(int scoring, int feedback, int updater) {
        static final Ports ANY = new Ports(0, 0, 0);
        static final Ports DEFAULT = new Ports(ScoringConfig.DEFAULT_HTTP_PORT, FeedbackConfig.DEFAULT_PORT,
                UpdaterConfig.DEFAULT_HTTP_PORT);
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    final ScoringService scoring;
    final FeedbackService feedback;
    final UpdaterService updater;
    final String apiKey;
    final ScoringTopics topics;

    private Suite(ScoringService scoring, FeedbackService feedback, UpdaterService updater, String apiKey,
                  ScoringTopics topics) {
        this.scoring = scoring;
        this.feedback = feedback;
        this.updater = updater;
        this.apiKey = apiKey;
        this.topics = topics;
    }

    /** Creates the topics and starts the three services; on failure, stops what had started. */
    static Suite start(EmbeddedKafka kafka, Path work, Path modelDir, String guarantee, int partitions, Ports ports,
                       Map<String, String> env, PrintStream err) throws Exception {
        final ScoringTopics topics = ScoringTopics.defaults();
        kafka.createTopics(partitionedTopics(), partitions);
        kafka.createTopics(compactedTopics(), 1, Map.of("cleanup.policy", "compact"));
        awaitVisible(kafka, List.of(topics.modelUpdates().name(), topics.transactions().name()));
        final String apiKey = apiKey(env);
        final List<AutoCloseable> opened = new ArrayList<>();
        try {
            final ScoringService scoring = ScoringService.create(new ScoringConfig(kafka.bootstrapServers(),
                    ScoringConfig.DEFAULT_APPLICATION_ID, guarantee, modelDir, work.resolve("streams"), 1, null, "",
                    ports.scoring(), Map.of(), env.get("FRAUD_SCORER")));
            opened.add(scoring);
            scoring.start().awaitRunning(Duration.ofMinutes(2));
            final FeedbackService feedback = FeedbackService.create(feedbackConfig(kafka, ports.feedback(), apiKey, env)
                    .withScoringMetricsUrl(URI.create("http://127.0.0.1:" + scoring.httpPort() + "/metrics")));
            opened.add(feedback);
            feedback.start();
            final UpdaterService updater = UpdaterService.create(UpdaterConfig.fromEnv(updaterEnv(kafka, work,
                    modelDir, guarantee, ports, env)));
            opened.add(updater);
            updater.start().awaitRunning(Duration.ofMinutes(2));
            final Suite suite = new Suite(scoring, feedback, updater, apiKey, topics);
            suite.started.addAll(opened);
            return suite;
        } catch (Exception e) {
            closeAll(opened, e);
            throw e;
        }
    }

    /**
     * The topics created with the run's partition count (the same for all, so {@code feedback} and
     * {@code scored} are co-partitioned). docker-compose.yml creates the same (infra/defaults.env).
     */
    static List<String> partitionedTopics() {
        final ScoringTopics topics = ScoringTopics.defaults();
        final UpdaterTopics updaterTopics = UpdaterTopics.defaults();
        final List<String> names = new ArrayList<>(Stack.topicNames(topics));
        names.remove(topics.modelUpdates().name());
        names.add(updaterTopics.feedbackDlq().name());
        names.add(updaterTopics.feedbackUnmatched().name());
        return List.copyOf(names);
    }

    /** The topics created with one partition and {@code cleanup.policy=compact}: the model versions. */
    static List<String> compactedTopics() {
        return List.of(ScoringTopics.defaults().modelUpdates().name());
    }

    /**
     * Waits until the broker's metadata shows the topics: creation returns once the controller has
     * them, and the scoring app's global store, asking sooner, would find no partitions and stop.
     */
    private static void awaitVisible(EmbeddedKafka kafka, List<String> names) throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Admin admin = kafka.admin()) {
            while (true) {
                try {
                    admin.describeTopics(names).allTopicNames().get();
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                }
                Thread.sleep(50); // polling the broker's metadata with a deadline
            }
        }
    }

    private static Map<String, String> updaterEnv(EmbeddedKafka kafka, Path work, Path modelDir, String guarantee,
                                                  Ports ports, Map<String, String> env) {
        final Map<String, String> u = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("FRAUD_UPDATER_")) {
                u.put(k, v); // a user's updater settings (batch size, gate...) apply to the local run too
            }
        });
        u.put("FRAUD_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        u.put("FRAUD_MODEL_DIR", modelDir.toString());
        u.put("FRAUD_UPDATER_MODEL_DIR", work.resolve("model-versions").toString());
        u.put("FRAUD_STATE_DIR", work.resolve("updater-state").toString());
        u.put("FRAUD_PROCESSING_GUARANTEE", guarantee);
        u.put("FRAUD_UPDATER_PORT", Integer.toString(ports.updater()));
        return u;
    }

    /**
     * The feedback API's configuration: the user's {@code FRAUD_FEEDBACK_*} settings (publish timeout,
     * dedup entries, {@code FRAUD_FEEDBACK_KAFKA_*} producer settings...) with this run's broker, port and key.
     */
    static FeedbackConfig feedbackConfig(EmbeddedKafka kafka, int port, String apiKey, Map<String, String> env) {
        final Map<String, String> f = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("FRAUD_FEEDBACK_")) {
                f.put(k, v);
            }
        });
        f.put("FRAUD_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        f.put("FRAUD_FEEDBACK_PORT", Integer.toString(port));
        f.put("FRAUD_API_KEYS", apiKey);
        return FeedbackConfig.fromEnv(f);
    }

    /** The first key of {@code FRAUD_API_KEYS}, or a new random one (printed by the caller). */
    static String apiKey(Map<String, String> env) {
        final String keys = env.get("FRAUD_API_KEYS");
        if (keys != null && !keys.isBlank()) {
            ApiKeys.parse(keys); // fails now, naming the variable, if a key is unusable
            return keys.split(",")[0].trim();
        }
        final byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static boolean generatedKey(Map<String, String> env) {
        final String keys = env.get("FRAUD_API_KEYS");
        return keys == null || keys.isBlank();
    }

    @Override
    public void close() throws Exception {
        closeAll(started, null);
    }

    private static void closeAll(List<AutoCloseable> services, Exception cause) throws Exception {
        Exception first = cause;
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (cause == null && first != null) {
            throw first;
        }
    }
}
