package org.fraudstream.feedback;

import org.fraudstream.contract.ops.EnvSettings;
import org.fraudstream.contract.ops.KafkaSecurity;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.Topic;
import org.fraudstream.contract.Topics;

/**
 * Configuration of the feedback API, built in one place and validated up front. From the
 * environment: {@code FRAUD_BOOTSTRAP_SERVERS}, {@code FRAUD_FEEDBACK_PORT} (default 8000, 0 any free
 * port), {@code FRAUD_API_KEYS} (required, comma-separated), {@code FRAUD_TOPIC_PREFIX},
 * {@code FRAUD_FEEDBACK_PUBLISH_TIMEOUT_MS} (how long a POST waits for the broker's acknowledgement),
 * {@code FRAUD_FEEDBACK_ALERTS} (anomalies kept for {@code GET /alerts}),
 * {@code FRAUD_FEEDBACK_DEDUP_ENTRIES} (accepted labels remembered for retries),
 * {@code FRAUD_FEEDBACK_HEALTH_CACHE_MS},
 * {@code FRAUD_FEEDBACK_MAX_IN_FLIGHT} (labels sent to the broker and not yet acknowledged; one more
 * is answered 429 TOO_MANY_REQUESTS instead of queueing without bound),
 * {@code FRAUD_FEEDBACK_SCORING_METRICS_URL} (the scoring app's {@code /metrics}, read for the analyst
 * console's live figures; default {@value #DEFAULT_SCORING_METRICS_URL}); the security settings
 * {@code FRAUD_KAFKA_*} of {@link KafkaSecurity}; and any Kafka client setting as
 * {@code FRAUD_FEEDBACK_KAFKA_<KEY>}, the key upper-cased with dots as underscores
 * (e.g. {@code FRAUD_FEEDBACK_KAFKA_LINGER_MS=0}), applied to every client last,
 * except the {@link #FIXED_CLIENT_SETTINGS} that carry the API's guarantees.
 *
 * @param apiKeys        the keys, already hashed (the plain keys are not kept)
 * @param publishTimeout the producer's {@code max.block.ms} and {@code delivery.timeout.ms}
 * @param healthCacheTtl how long one broker check answers {@code /health}
 * @param scoringMetricsUrl the scoring app's Prometheus endpoint, behind {@code GET /console/figures}
 * @param maxInFlight    the bound on labels published and not yet acknowledged (backpressure)
 */
public record FeedbackConfig(
        String bootstrapServers,
        int port,
        ApiKeys apiKeys,
        String topicPrefix,
        Duration publishTimeout,
        int alertsCapacity,
        int dedupCapacity,
        Duration healthCacheTtl,
        Map<String, Object> kafkaOverrides,
        URI scoringMetricsUrl,
        int maxInFlight) {

    public static final int DEFAULT_PORT = 8000;
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_ALERTS = 1000;
    public static final int DEFAULT_DEDUP_ENTRIES = 100_000;
    /** About 100 bytes each, allocated up front: 2^26 is 6.4 GB. */
    public static final int MAX_DEDUP_ENTRIES = 1 << 26;
    public static final Duration DEFAULT_HEALTH_CACHE = Duration.ofSeconds(5);
    /** About 1 KB each while waiting (record, callback, the request's context): 1 MB in all. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;
    public static final int MAX_MAX_IN_FLIGHT = 1 << 20;
    public static final String DEFAULT_SCORING_METRICS_URL = "http://localhost:8001/metrics";
    /** Client settings that carry the API's guarantees (acks=all, idempotence, bounded waits): not overridable. */
    public static final Set<String> FIXED_CLIENT_SETTINGS = Set.of(
            ProducerConfig.ACKS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.MAX_BLOCK_MS_CONFIG,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ConsumerConfig.ISOLATION_LEVEL_CONFIG);

    public FeedbackConfig {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), "FRAUD_BOOTSTRAP_SERVERS", "must be set");
        require(port >= 0 && port <= 65_535, "FRAUD_FEEDBACK_PORT", "must be 0..65535, was " + port);
        Objects.requireNonNull(apiKeys, "FRAUD_API_KEYS must be set");
        require(publishTimeout != null && publishTimeout.toMillis() >= 100 && publishTimeout.toMillis() <= 120_000,
                "FRAUD_FEEDBACK_PUBLISH_TIMEOUT_MS", "must be 100..120000, was " + millis(publishTimeout));
        require(alertsCapacity >= 1, "FRAUD_FEEDBACK_ALERTS", "must be >= 1, was " + alertsCapacity);
        require(dedupCapacity >= 1 && dedupCapacity <= MAX_DEDUP_ENTRIES, "FRAUD_FEEDBACK_DEDUP_ENTRIES",
                "must be 1.." + MAX_DEDUP_ENTRIES + ", was " + dedupCapacity);
        require(healthCacheTtl != null && !healthCacheTtl.isNegative(), "FRAUD_FEEDBACK_HEALTH_CACHE_MS",
                "must be >= 0, was " + millis(healthCacheTtl));
        require(scoringMetricsUrl != null && scoringMetricsUrl.isAbsolute() && scoringMetricsUrl.getHost() != null
                        && ("http".equals(scoringMetricsUrl.getScheme()) || "https".equals(scoringMetricsUrl.getScheme())),
                "FRAUD_FEEDBACK_SCORING_METRICS_URL", "must be an http(s) URL with a host, was " + scoringMetricsUrl);
        require(maxInFlight >= 1 && maxInFlight <= MAX_MAX_IN_FLIGHT, "FRAUD_FEEDBACK_MAX_IN_FLIGHT",
                "must be 1.." + MAX_MAX_IN_FLIGHT + ", was " + maxInFlight);
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        kafkaOverrides = Map.copyOf(kafkaOverrides == null ? Map.of() : kafkaOverrides);
        for (String fixed : FIXED_CLIENT_SETTINGS) {
            require(!kafkaOverrides.containsKey(fixed), "FRAUD_FEEDBACK_KAFKA_" + fixed.toUpperCase(Locale.ROOT)
                    .replace('.', '_'), "cannot be set: the API fixes " + fixed + " (see FRAUD_FEEDBACK_PUBLISH_TIMEOUT_MS)");
        }
    }

    /** The defaults for everything but the broker, the port and the keys. */
    public static FeedbackConfig of(String bootstrapServers, int port, ApiKeys apiKeys) {
        return new FeedbackConfig(bootstrapServers, port, apiKeys, "", DEFAULT_PUBLISH_TIMEOUT, DEFAULT_ALERTS,
                DEFAULT_DEDUP_ENTRIES, DEFAULT_HEALTH_CACHE, Map.of(), URI.create(DEFAULT_SCORING_METRICS_URL),
                DEFAULT_MAX_IN_FLIGHT);
    }

    /** The same configuration reading the scoring app's metrics from {@code url}. */
    public FeedbackConfig withScoringMetricsUrl(URI url) {
        return new FeedbackConfig(bootstrapServers, port, apiKeys, topicPrefix, publishTimeout, alertsCapacity,
                dedupCapacity, healthCacheTtl, kafkaOverrides, url, maxInFlight);
    }

    /** The same configuration with another bound on labels in flight. */
    public FeedbackConfig withMaxInFlight(int max) {
        return new FeedbackConfig(bootstrapServers, port, apiKeys, topicPrefix, publishTimeout, alertsCapacity,
                dedupCapacity, healthCacheTtl, kafkaOverrides, scoringMetricsUrl, max);
    }

    /** Reads the configuration from environment-style keys; throws naming the first bad key. */
    public static FeedbackConfig fromEnv(Map<String, String> env) {
        return new FeedbackConfig(
                env.getOrDefault("FRAUD_BOOTSTRAP_SERVERS", "localhost:9092"),
                parseInt(env, "FRAUD_FEEDBACK_PORT", DEFAULT_PORT),
                ApiKeys.parse(env.get("FRAUD_API_KEYS")),
                env.getOrDefault("FRAUD_TOPIC_PREFIX", ""),
                Duration.ofMillis(parseInt(env, "FRAUD_FEEDBACK_PUBLISH_TIMEOUT_MS",
                        (int) DEFAULT_PUBLISH_TIMEOUT.toMillis())),
                parseInt(env, "FRAUD_FEEDBACK_ALERTS", DEFAULT_ALERTS),
                parseInt(env, "FRAUD_FEEDBACK_DEDUP_ENTRIES", DEFAULT_DEDUP_ENTRIES),
                Duration.ofMillis(parseInt(env, "FRAUD_FEEDBACK_HEALTH_CACHE_MS",
                        (int) DEFAULT_HEALTH_CACHE.toMillis())),
                KafkaSecurity.fromEnv(env).withOverrides(passThrough(env)),
                parseUri(env, "FRAUD_FEEDBACK_SCORING_METRICS_URL", DEFAULT_SCORING_METRICS_URL),
                parseInt(env, "FRAUD_FEEDBACK_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT));
    }

    /** {@code FRAUD_FEEDBACK_KAFKA_FOO_BAR=v} becomes the client setting {@code foo.bar=v}. */
    static Map<String, Object> passThrough(Map<String, String> env) {
        return EnvSettings.withPrefix(env, "FRAUD_FEEDBACK_KAFKA_");
    }

    /** The topic labels are published to. */
    public Topic<String, byte[]> feedbackTopic() {
        return Topics.FEEDBACK.withName(topicPrefix + Topics.FEEDBACK.name());
    }

    /** The topic the alert queue is read from. */
    public Topic<String, ScoredEvent> anomaliesTopic() {
        return Topics.ANOMALIES.withName(topicPrefix + Topics.ANOMALIES.name());
    }

    /** The topic the model version timeline is read from (compacted; model_update_v1 JSON). */
    public Topic<String, byte[]> modelUpdatesTopic() {
        return Topics.MODEL_UPDATES.withName(topicPrefix + Topics.MODEL_UPDATES.name());
    }

    private static URI parseUri(Map<String, String> env, String key, String fallback) {
        final String v = env.get(key);
        try {
            return new URI(v == null || v.isBlank() ? fallback : v.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + " must be a URL, was '" + v + "'", e);
        }
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

    private static String millis(Duration d) {
        return d == null ? "null" : d.toMillis() + " ms";
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException(key + " " + message);
        }
    }
}
