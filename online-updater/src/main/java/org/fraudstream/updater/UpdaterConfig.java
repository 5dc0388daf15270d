package org.fraudstream.updater;

import org.fraudstream.contract.ops.EnvSettings;
import org.fraudstream.contract.ops.KafkaSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.fraudstream.model.ModelUpdate;

/**
 * Configuration of the online updater, built in one place and validated up front; a bad value
 * fails with a message that starts with its key. From the environment ({@link #fromEnv}):
 *
 * <table>
 *   <caption>environment</caption>
 *   <tr><td>{@code FRAUD_BOOTSTRAP_SERVERS}</td><td>{@code localhost:9092}</td></tr>
 *   <tr><td>{@code FRAUD_MODEL_DIR}</td><td>required: the base bundle the lineage starts from</td></tr>
 *   <tr><td>{@code FRAUD_UPDATER_MODEL_DIR}</td><td>where each version is kept as JSON
 *       ({@code $TMPDIR/fraud-updater/models})</td></tr>
 *   <tr><td>{@code FRAUD_UPDATER_APPLICATION_ID}</td><td>{@code fraud-updater}</td></tr>
 *   <tr><td>{@code FRAUD_PROCESSING_GUARANTEE}</td><td>{@code exactly_once_v2} or {@code at_least_once}</td></tr>
 *   <tr><td>{@code FRAUD_STATE_DIR}, {@code FRAUD_COMMIT_INTERVAL_MS}, {@code FRAUD_TOPIC_PREFIX}</td>
 *       <td>as for scoring</td></tr>
 *   <tr><td>{@code FRAUD_UPDATER_PORT}</td><td>/health and /metrics; 8002, 0 any free port, -1 none</td></tr>
 *   <tr><td>{@code FRAUD_UPDATER_BATCH_SIZE}, {@code FRAUD_UPDATER_MAX_WAIT_MS}, {@code FRAUD_UPDATER_MAX_HELD}</td>
 *       <td>256, 5000, 16 batches</td></tr>
 *   <tr><td>{@code FRAUD_UPDATER_HOLDOUT_SIZE}, {@code FRAUD_UPDATER_HOLDOUT_EVERY},
 *       {@code FRAUD_UPDATER_HOLDOUT_MIN}</td><td>2000, 5 (every 5th label), 100</td></tr>
 *   <tr><td>{@code FRAUD_UPDATER_GATE_METRIC}, {@code FRAUD_UPDATER_GATE_TOLERANCE}</td><td>log_loss, 0.001</td></tr>
 *   <tr><td>{@code FRAUD_UPDATER_LEARNING_RATE}, {@code FRAUD_UPDATER_L2}, {@code FRAUD_UPDATER_EPOCHS},
 *       {@code FRAUD_UPDATER_STEP_SIZE}, {@code FRAUD_UPDATER_POSITIVE_WEIGHT},
 *       {@code FRAUD_UPDATER_MAX_POSITIVE_WEIGHT}</td><td>see {@link OnlineSgdParams#defaults()}</td></tr>
 *   <tr><td>{@code FRAUD_UPDATER_SCORED_RETENTION_MS}, {@code FRAUD_UPDATER_FEEDBACK_WAIT_MS}</td>
 *       <td>24 h, 10 min</td></tr>
 *   <tr><td>{@code FRAUD_KAFKA_SECURITY_PROTOCOL}, {@code FRAUD_KAFKA_SASL_*}, {@code FRAUD_KAFKA_SSL_*}</td>
 *       <td>client security, see {@link KafkaSecurity}; every client of the updater uses them</td></tr>
 *   <tr><td>{@code FRAUD_STREAMS_<KEY>}</td><td>any Kafka Streams or client setting, on top</td></tr>
 * </table>
 *
 * @param commitIntervalMs {@code null} keeps Kafka's default for the guarantee
 */
public record UpdaterConfig(
        String bootstrapServers,
        String applicationId,
        String processingGuarantee,
        Path baseModelDir,
        Path archiveDir,
        Path stateDir,
        Long commitIntervalMs,
        String topicPrefix,
        int httpPort,
        Batching batching,
        Holdout holdout,
        PromotionGate.Config gate,
        OnlineSgdParams sgd,
        Retention retention,
        Map<String, Object> kafkaOverrides) {

    public static final String DEFAULT_APPLICATION_ID = "fraud-updater";
    public static final int DEFAULT_HTTP_PORT = 8002;
    /** {@link #httpPort} value that serves no /health and /metrics. */
    public static final int NO_HTTP = -1;

    /**
     * When a batch is fitted.
     *
     * @param batchSize labels per mini-batch (a fit starts when the batch holds this many)
     * @param maxWait   a non-empty batch is fitted at the latest this long (wall clock) after its first label
     * @param maxHeld   labels a held batch (one class only, holdout too small) may grow to; older ones are dropped
     */
    public record Batching(int batchSize, Duration maxWait, int maxHeld) {
        public Batching {
            require(batchSize >= 1, "FRAUD_UPDATER_BATCH_SIZE", "must be >= 1, was " + batchSize);
            require(maxWait != null && maxWait.toMillis() >= 1, "FRAUD_UPDATER_MAX_WAIT_MS", "must be >= 1, was "
                    + (maxWait == null ? null : maxWait.toMillis()));
            require(maxHeld >= batchSize, "FRAUD_UPDATER_MAX_HELD", "must be >= the batch size " + batchSize
                    + ", was " + maxHeld);
        }
    }

    /**
     * The rolling holdout.
     *
     * @param size  labels it holds (the most recent)
     * @param every every {@code every}-th label goes to the holdout instead of training
     */
    public record Holdout(int size, int every) {
        public Holdout {
            require(size >= 1, "FRAUD_UPDATER_HOLDOUT_SIZE", "must be >= 1, was " + size);
            require(every >= 2, "FRAUD_UPDATER_HOLDOUT_EVERY", "must be >= 2 (1 would leave nothing to train on), was "
                    + every);
        }
    }

    /**
     * How long the join waits.
     *
     * @param scored       how long a scored vector is kept for its feedback (event time of scored)
     * @param feedbackWait how long feedback that came before its scored event waits for it (stream time)
     */
    public record Retention(Duration scored, Duration feedbackWait) {
        public Retention {
            require(scored != null && scored.toMillis() >= 1, "FRAUD_UPDATER_SCORED_RETENTION_MS", "must be >= 1");
            require(feedbackWait != null && feedbackWait.toMillis() >= 1, "FRAUD_UPDATER_FEEDBACK_WAIT_MS",
                    "must be >= 1");
        }
    }

    public UpdaterConfig {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), "FRAUD_BOOTSTRAP_SERVERS", "must be set");
        require(applicationId != null && applicationId.matches("[a-zA-Z0-9._-]+"), "FRAUD_UPDATER_APPLICATION_ID",
                "must be letters, digits, '.', '_' or '-', was '" + applicationId + "'");
        require(StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee)
                        || StreamsConfig.AT_LEAST_ONCE.equals(processingGuarantee), "FRAUD_PROCESSING_GUARANTEE",
                "must be exactly_once_v2 or at_least_once, was '" + processingGuarantee + "'");
        require(baseModelDir != null, "FRAUD_MODEL_DIR", "must be set (the model bundle the updates start from)");
        require(archiveDir != null, "FRAUD_UPDATER_MODEL_DIR", "must be set");
        Objects.requireNonNull(stateDir, "stateDir");
        require(commitIntervalMs == null || commitIntervalMs >= 1, "FRAUD_COMMIT_INTERVAL_MS",
                "must be >= 1, was " + commitIntervalMs);
        require(httpPort >= NO_HTTP && httpPort <= 65_535, "FRAUD_UPDATER_PORT", "must be -1..65535, was " + httpPort);
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(holdout, "holdout");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(sgd, "sgd");
        Objects.requireNonNull(retention, "retention");
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        kafkaOverrides = Map.copyOf(kafkaOverrides == null ? Map.of() : kafkaOverrides);
    }

    /** Reads the configuration from environment-style keys; throws naming the first bad key. */
    public static UpdaterConfig fromEnv(Map<String, String> env) {
        final Env e = new Env(env);
        final String tmp = System.getProperty("java.io.tmpdir");
        final int batchSize = e.integer("FRAUD_UPDATER_BATCH_SIZE", 256);
        return new UpdaterConfig(
                e.text("FRAUD_BOOTSTRAP_SERVERS", "localhost:9092"),
                e.text("FRAUD_UPDATER_APPLICATION_ID", DEFAULT_APPLICATION_ID),
                e.text("FRAUD_PROCESSING_GUARANTEE", StreamsConfig.EXACTLY_ONCE_V2).toLowerCase(Locale.ROOT),
                e.path("FRAUD_MODEL_DIR", null),
                e.path("FRAUD_UPDATER_MODEL_DIR", Path.of(tmp, "fraud-updater", "models")),
                e.path("FRAUD_STATE_DIR", Path.of(tmp, "fraud-streams")),
                env.containsKey("FRAUD_COMMIT_INTERVAL_MS") ? e.longValue("FRAUD_COMMIT_INTERVAL_MS", 0) : null,
                e.text("FRAUD_TOPIC_PREFIX", ""),
                e.integer("FRAUD_UPDATER_PORT", DEFAULT_HTTP_PORT),
                new Batching(batchSize, e.duration("FRAUD_UPDATER_MAX_WAIT_MS", Duration.ofSeconds(5)),
                        e.integer("FRAUD_UPDATER_MAX_HELD", 16 * Math.max(1, batchSize))),
                new Holdout(e.integer("FRAUD_UPDATER_HOLDOUT_SIZE", 2_000),
                        e.integer("FRAUD_UPDATER_HOLDOUT_EVERY", 5)),
                new PromotionGate.Config(metric(e.text("FRAUD_UPDATER_GATE_METRIC", "log_loss")),
                        e.decimal("FRAUD_UPDATER_GATE_TOLERANCE", 0.001), e.integer("FRAUD_UPDATER_HOLDOUT_MIN", 100)),
                new OnlineSgdParams(
                        e.decimal("FRAUD_UPDATER_LEARNING_RATE", OnlineSgdParams.DEFAULT_LEARNING_RATE),
                        e.decimal("FRAUD_UPDATER_L2", OnlineSgdParams.DEFAULT_L2),
                        e.integer("FRAUD_UPDATER_EPOCHS", 1),
                        e.integer("FRAUD_UPDATER_STEP_SIZE", OnlineSgdParams.DEFAULT_STEP_SIZE),
                        e.decimal("FRAUD_UPDATER_POSITIVE_WEIGHT", 0.0),
                        e.decimal("FRAUD_UPDATER_MAX_POSITIVE_WEIGHT", OnlineSgdParams.DEFAULT_MAX_POSITIVE_WEIGHT)),
                new Retention(e.duration("FRAUD_UPDATER_SCORED_RETENTION_MS", Duration.ofHours(24)),
                        e.duration("FRAUD_UPDATER_FEEDBACK_WAIT_MS", Duration.ofMinutes(10))),
                KafkaSecurity.fromEnv(env).withOverrides(passThrough(env)));
    }

    private static ModelUpdate.Metric metric(String name) {
        try {
            return ModelUpdate.Metric.fromWire(name.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("FRAUD_UPDATER_GATE_METRIC must be log_loss or pr_auc, was '" + name
                    + "'", e);
        }
    }

    /** {@code FRAUD_STREAMS_FOO_BAR=v} becomes the setting {@code foo.bar=v}. */
    static Map<String, Object> passThrough(Map<String, String> env) {
        return EnvSettings.withPrefix(env, "FRAUD_STREAMS_");
    }

    public UpdaterTopics topics() {
        return topicPrefix.isEmpty() ? UpdaterTopics.defaults() : UpdaterTopics.defaults().withPrefix(topicPrefix);
    }

    /** The same configuration with another application id (tests, side-by-side runs). */
    public UpdaterConfig withApplicationId(String id) {
        return new UpdaterConfig(bootstrapServers, id, processingGuarantee, baseModelDir, archiveDir, stateDir,
                commitIntervalMs, topicPrefix, httpPort, batching, holdout, gate, sgd, retention, kafkaOverrides);
    }

    /** The Kafka Streams properties of this app. */
    @SuppressWarnings("deprecation") // the global-handler switch goes away in Kafka 5.0, when it is always on
    public Properties toStreamsProperties() {
        final Map<String, Object> p = new HashMap<>();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        if (commitIntervalMs != null) {
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        }
        // A scored record that is not ScoredEvent JSON cannot be joined: Streams logs it with its
        // topic, partition and offset, counts it (dropped-records) and goes on. Feedback is read as
        // bytes and parsed by the topology, whose rejects go to the feedback DLQ.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        // The model-feed processor handles its own bad records; the rest fails loudly there as elsewhere.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Every store, repartition topic and changelog is named in UpdaterTopology: keep it so.
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.putAll(kafkaOverrides);
        final Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException(key + " " + message);
        }
    }

    /** Typed reads of environment-style keys, each failing with the key in the message. */
    private record Env(Map<String, String> env) {

        String text(String key, String fallback) {
            final String v = env.get(key);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        Path path(String key, Path fallback) {
            final String v = env.get(key);
            return v == null || v.isBlank() ? fallback : Path.of(v.trim());
        }

        int integer(String key, int fallback) {
            final long v = longValue(key, fallback);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(key + " must be an integer, was '" + env.get(key) + "'");
            }
            return (int) v;
        }

        long longValue(String key, long fallback) {
            final String v = env.get(key);
            if (v == null || v.isBlank()) {
                return fallback;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'", e);
            }
        }

        Duration duration(String key, Duration fallback) {
            return Duration.ofMillis(longValue(key, fallback.toMillis()));
        }

        double decimal(String key, double fallback) {
            final String v = env.get(key);
            if (v == null || v.isBlank()) {
                return fallback;
            }
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, was '" + v + "'", e);
            }
        }
    }
}
