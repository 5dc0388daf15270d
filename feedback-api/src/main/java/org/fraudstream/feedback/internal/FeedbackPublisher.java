package org.fraudstream.feedback.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fraudstream.contract.Feedback;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.Topic;
import org.fraudstream.feedback.FeedbackConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes labels to the feedback topic (key: transactionId, value: feedback_v1 JSON) and reports
 * them written only once the broker acknowledged them: {@code acks=all}, idempotent producer (its own
 * retries never duplicate a record), and every wait bounded by the publish timeout
 * ({@code max.block.ms}, {@code delivery.timeout.ms}). A label that is not acknowledged in time is
 * a {@link ApiException} BROKER_UNAVAILABLE: never reported as written.
 *
 * <p>Backpressure: at most {@code maxInFlight} labels are sent and not yet acknowledged; one more is
 * refused at once with TOO_MANY_REQUESTS (429) rather than queued in the producer's buffer, where it
 * would wait, hold memory and likely time out anyway. While the broker is failing (the latest
 * publish ended in an error and none succeeded since), one label at a time goes to the broker as a
 * probe and the others are refused at once with BROKER_UNAVAILABLE (503), instead of each waiting
 * the whole publish timeout; the first acknowledged label ends that state.
 */
public final class FeedbackPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackPublisher.class);
    private static final JsonSerde<Feedback> SERDE = JsonSerde.of(Feedback.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final long timeoutMs;
    private final int maxInFlight;
    private final Semaphore permits;
    private volatile boolean failing;

    public FeedbackPublisher(String bootstrapServers, Topic<String, byte[]> topic, Duration timeout,
                             Map<String, Object> overrides) {
        this(bootstrapServers, topic, timeout, overrides, FeedbackConfig.DEFAULT_MAX_IN_FLIGHT);
    }

    /** {@code maxInFlight}: labels sent and not yet acknowledged, at most (FRAUD_FEEDBACK_MAX_IN_FLIGHT). */
    public FeedbackPublisher(String bootstrapServers, Topic<String, byte[]> topic, Duration timeout,
                             Map<String, Object> overrides, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.topic = topic.name();
        this.timeoutMs = timeout.toMillis();
        this.producer = new KafkaProducer<>(producerConfig(bootstrapServers, timeoutMs, overrides),
                new StringSerializer(), new ByteArraySerializer());
    }

    static Map<String, Object> producerConfig(String bootstrapServers, long timeoutMs, Map<String, Object> overrides) {
        final Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "feedback-api");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0); // concurrent requests batch anyway while sends are in flight
        p.putAll(overrides);
        final long linger = lingerMs(p.get(ProducerConfig.LINGER_MS_CONFIG), timeoutMs);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (timeoutMs - linger)); // the producer requires
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs);            // delivery >= linger + request
        return p;
    }

    /** A {@code linger.ms} setting (FRAUD_FEEDBACK_KAFKA_LINGER_MS), which must leave time for the request. */
    private static long lingerMs(Object setting, long timeoutMs) {
        final long linger;
        try {
            linger = Long.parseLong(String.valueOf(setting).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("FRAUD_FEEDBACK_KAFKA_LINGER_MS must be an integer, was '" + setting + "'");
        }
        if (linger < 0 || linger > timeoutMs / 2) {
            throw new IllegalArgumentException("FRAUD_FEEDBACK_KAFKA_LINGER_MS must be 0.." + timeoutMs / 2
                    + " (half of FRAUD_FEEDBACK_PUBLISH_TIMEOUT_MS), was " + linger);
        }
        return linger;
    }

    /**
     * Publishes {@code feedback}. The future completes with where it was written once the broker
     * acknowledged it, or with a BROKER_UNAVAILABLE {@link ApiException}; in the producer's I/O
     * thread, so what depends on it must move to another thread before doing any real work.
     * The producer bounds the wait: {@code max.block.ms} for {@code send} itself (metadata, buffer
     * space), then {@code delivery.timeout.ms} until the callback.
     */
    public CompletableFuture<RecentFeedback.Receipt> publish(Feedback feedback) {
        final CompletableFuture<RecentFeedback.Receipt> acknowledged = new CompletableFuture<>();
        final ApiException refused = admit();
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        try {
            producer.send(new ProducerRecord<>(topic, feedback.transactionId(), SERDE.toBytes(feedback)),
                    (md, e) -> {
                        permits.release();
                        failing = e != null;
                        if (e == null) {
                            acknowledged.complete(new RecentFeedback.Receipt(md.partition(), md.offset()));
                        } else {
                            acknowledged.completeExceptionally(unavailable(e));
                        }
                    });
        } catch (KafkaException e) {
            permits.release();
            failing = true;
            acknowledged.completeExceptionally(unavailable(e));
        }
        return acknowledged;
    }

    /** Takes a permit for one publish; or why not (the permit is not taken then). */
    private ApiException admit() {
        if (failing) { // read once: a callback may end the state meanwhile, and that is fine
            if (!permits.tryAcquire(maxInFlight)) { // a probe (or an older label) is out already
                return new ApiException(ErrorCode.BROKER_UNAVAILABLE,
                        "the broker is not acknowledging labels now; nothing was accepted, retry later");
            }
            permits.release(maxInFlight - 1); // keep one: this label is the probe
            return null;
        }
        if (!permits.tryAcquire()) {
            return new ApiException(ErrorCode.TOO_MANY_REQUESTS, "more than " + maxInFlight
                    + " labels are waiting for the broker; nothing was accepted, retry later");
        }
        return null;
    }

    /** Labels sent and not yet acknowledged (or failed). */
    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    private ApiException unavailable(Throwable cause) {
        LOG.warn("label not acknowledged by the broker (waited at most {} ms): {}", timeoutMs, String.valueOf(cause));
        return new ApiException(ErrorCode.BROKER_UNAVAILABLE,
                "the broker did not acknowledge the label; nothing was accepted, retry later");
    }

    /** The producer, for its client metrics. */
    public Producer<String, byte[]> producer() {
        return producer;
    }

    @Override
    public void close() {
        producer.close(Duration.ofMillis(timeoutMs));
    }
}
