package org.fraudstream.scoring;

import org.fraudstream.contract.ops.EnvSettings;
import org.fraudstream.contract.ops.KafkaSecurity;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.fraudstream.model.Scorers;
import org.fraudstream.scoring.internals.DlqProcessingExceptionHandler;

/**
 * Configuration of one scoring app, built in one place and validated up front. From the
 * environment: {@code FRAUD_BOOTSTRAP_SERVERS}, {@code FRAUD_APPLICATION_ID},
 * {@code FRAUD_PROCESSING_GUARANTEE} ({@code exactly_once_v2} or {@code at_least_once}),
 * {@code FRAUD_MODEL_DIR} (required), {@code FRAUD_STATE_DIR}, {@code FRAUD_STREAM_THREADS},
 * {@code FRAUD_COMMIT_INTERVAL_MS}, {@code FRAUD_TOPIC_PREFIX}, {@code FRAUD_HTTP_PORT} (of /health and
 * /metrics; default 8001, 0 any free port, -1 none), {@code FRAUD_SCORER} ({@code jvm}, the default, or
 * {@code onnx}: the bundle's ensemble exported and run by ONNX Runtime); the security settings
 * {@code FRAUD_KAFKA_*} of {@link KafkaSecurity}; and any Kafka Streams or client setting as
 * {@code FRAUD_STREAMS_<KEY>}, the key upper-cased with dots as underscores (e.g.
 * {@code FRAUD_STREAMS_STATESTORE_CACHE_MAX_BYTES=0}), applied on top.
 *
 * @param commitIntervalMs {@code null} keeps Kafka's default for the guarantee (100 ms under
 *                         exactly-once, 30 s under at-least-once)
 * @param kafkaOverrides   further Streams/client settings, applied last (security settings, then
 *                         {@code FRAUD_STREAMS_*}); secrets are Kafka {@code Password}s, printed hidden
 * @param scorer           {@code jvm} or {@code onnx}
 */
public record ScoringConfig(
        String bootstrapServers,
        String applicationId,
        String processingGuarantee,
        Path modelDir,
        Path stateDir,
        int streamThreads,
        Long commitIntervalMs,
        String topicPrefix,
        int httpPort,
        Map<String, Object> kafkaOverrides,
        String scorer) {

    public static final String DEFAULT_APPLICATION_ID = "fraud-scoring";
    public static final int DEFAULT_HTTP_PORT = 8001;
    /** {@link #httpPort} value that serves no /health and /metrics (benchmarks, tests). */
    public static final int NO_HTTP = -1;

    public ScoringConfig {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), "FRAUD_BOOTSTRAP_SERVERS", "must be set");
        require(applicationId != null && applicationId.matches("[a-zA-Z0-9._-]+"), "FRAUD_APPLICATION_ID",
                "must be letters, digits, '.', '_' or '-', was '" + applicationId + "'");
        require(StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee)
                        || StreamsConfig.AT_LEAST_ONCE.equals(processingGuarantee), "FRAUD_PROCESSING_GUARANTEE",
                "must be exactly_once_v2 or at_least_once, was '" + processingGuarantee + "'");
        Objects.requireNonNull(modelDir, "FRAUD_MODEL_DIR must be set (a model bundle directory from 'fraud train')");
        Objects.requireNonNull(stateDir, "stateDir");
        require(streamThreads >= 1, "FRAUD_STREAM_THREADS", "must be >= 1, was " + streamThreads);
        require(commitIntervalMs == null || commitIntervalMs >= 1, "FRAUD_COMMIT_INTERVAL_MS",
                "must be >= 1, was " + commitIntervalMs);
        require(httpPort >= NO_HTTP && httpPort <= 65_535, "FRAUD_HTTP_PORT", "must be -1..65535, was " + httpPort);
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        kafkaOverrides = Map.copyOf(kafkaOverrides == null ? Map.of() : kafkaOverrides);
        scorer = scorer == null || scorer.isBlank() ? Scorers.JVM : scorer.toLowerCase(Locale.ROOT);
        require(Scorers.JVM.equals(scorer) || Scorers.ONNX.equals(scorer), "FRAUD_SCORER",
                "must be jvm or onnx, was '" + scorer + "'");
    }

    /** A configuration that scores on the JVM path. */
    public ScoringConfig(String bootstrapServers, String applicationId, String processingGuarantee, Path modelDir,
                         Path stateDir, int streamThreads, Long commitIntervalMs, String topicPrefix, int httpPort,
                         Map<String, Object> kafkaOverrides) {
        this(bootstrapServers, applicationId, processingGuarantee, modelDir, stateDir, streamThreads, commitIntervalMs,
                topicPrefix, httpPort, kafkaOverrides, Scorers.JVM);
    }

    /** Reads the configuration from environment-style keys; throws naming the first bad key. */
    public static ScoringConfig fromEnv(Map<String, String> env) {
        final String model = env.get("FRAUD_MODEL_DIR");
        return new ScoringConfig(
                env.getOrDefault("FRAUD_BOOTSTRAP_SERVERS", "localhost:9092"),
                env.getOrDefault("FRAUD_APPLICATION_ID", DEFAULT_APPLICATION_ID),
                env.getOrDefault("FRAUD_PROCESSING_GUARANTEE", StreamsConfig.EXACTLY_ONCE_V2).toLowerCase(Locale.ROOT),
                model == null || model.isBlank() ? null : Path.of(model),
                Path.of(env.getOrDefault("FRAUD_STATE_DIR",
                        Path.of(System.getProperty("java.io.tmpdir"), "fraud-streams").toString())),
                parseInt(env, "FRAUD_STREAM_THREADS", 1),
                env.containsKey("FRAUD_COMMIT_INTERVAL_MS") ? (long) parseInt(env, "FRAUD_COMMIT_INTERVAL_MS", 0) : null,
                env.getOrDefault("FRAUD_TOPIC_PREFIX", ""),
                parseInt(env, "FRAUD_HTTP_PORT", DEFAULT_HTTP_PORT),
                KafkaSecurity.fromEnv(env).withOverrides(passThrough(env)),
                env.get("FRAUD_SCORER"));
    }

    /** {@code FRAUD_STREAMS_FOO_BAR=v} becomes the setting {@code foo.bar=v}. */
    static Map<String, Object> passThrough(Map<String, String> env) {
        return EnvSettings.withPrefix(env, "FRAUD_STREAMS_");
    }

    public ScoringTopics topics() {
        return topicPrefix.isEmpty() ? ScoringTopics.defaults() : ScoringTopics.defaults().withPrefix(topicPrefix);
    }

    /** The Kafka Streams properties of this app. */
    public Properties toStreamsProperties() {
        final Map<String, Object> p = new HashMap<>();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        if (commitIntervalMs != null) {
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        }
        // Error policy is configuration: an unexpected failure while scoring becomes a dlq_v1 record.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DlqProcessingExceptionHandler.class);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics().dlq().name());
        // Tasks read two sources (transactions and the rarely used re-key topic) whose records need
        // no time alignment: never wait for the empty one.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // Under exactly-once the first send of a transaction can meet the previous one's markers still
        // being written (CONCURRENT_TRANSACTIONS); the default 100 ms back-off then dominates commit
        // latency (measured: commit p50 24 ms -> 4 ms). Back-off still grows exponentially on real failures.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
        p.putAll(kafkaOverrides);
        final Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    private static int parseInt(Map<String, String> env, String key, int fallback) {
        final String v = env.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'", e);
        }
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException(key + " " + message);
        }
    }
}
