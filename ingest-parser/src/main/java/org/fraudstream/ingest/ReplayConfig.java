package org.fraudstream.ingest;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link Replayer} sends where.
 *
 * @param ratePerSecond      records per second (malformed ones included); {@code <= 0}: as fast as possible
 * @param invalidRate        probability, per real event, that a malformed record is sent before it, in [0, 1]
 * @param seed               drives the injection of malformed records
 * @param runId              prefix of the transaction ids ({@code runId + "-" + sequence})
 * @param labelsFile         CSV of the labels ({@code transactionId,isFraud,step}), or {@code null}
 * @param labelsTopic        topic for the labels ({@link org.fraudstream.contract.Topics#LABELS} serdes), or {@code null}
 * @param producerOverrides  producer settings that replace the defaults (keys from {@code ProducerConfig})
 */
public record ReplayConfig(
        String bootstrapServers,
        String topic,
        double ratePerSecond,
        double invalidRate,
        long seed,
        String runId,
        Path labelsFile,
        String labelsTopic,
        Map<String, Object> producerOverrides) {

    public ReplayConfig {
        requireText(bootstrapServers, "bootstrapServers");
        requireText(topic, "topic");
        requireText(runId, "runId");
        if (Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be a number");
        }
        if (!(invalidRate >= 0 && invalidRate <= 1)) {
            throw new IllegalArgumentException("invalidRate must be in [0, 1], was " + invalidRate);
        }
        if (labelsTopic != null && labelsTopic.isBlank()) {
            throw new IllegalArgumentException("labelsTopic must be null or non-blank");
        }
        if (topic.equals(labelsTopic)) {
            throw new IllegalArgumentException("labels must never go to the scoring topic '" + topic + "'");
        }
        producerOverrides = producerOverrides == null ? Map.of() : Map.copyOf(producerOverrides);
    }

    private static void requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + " must be non-blank");
        }
    }
}
