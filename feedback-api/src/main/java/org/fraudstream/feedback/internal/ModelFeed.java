package org.fraudstream.feedback.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fraudstream.contract.JsonSerde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model version timeline: reads the compacted {@code model-updates} topic (model_update_v1 JSON,
 * written by the online updater) from its start, or its last {@code capacity} records, on a
 * background thread. Keeps only what the timeline shows (no weights). Compaction keeps the newest
 * record of the key {@code sgd}, so after a compaction pass the oldest versions are gone from the
 * topic and from here. A record that is not a model update is logged and skipped.
 */
public final class ModelFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFeed.class);

    /**
     * One version as the timeline shows it.
     *
     * @param publishedAtMs the record's timestamp (when the updater published it)
     * @param gateMetric    {@code log_loss}, {@code pr_auc} or {@code none} (a root or a rollback)
     */
    public record ModelVersion(String version, String parentVersion, String createdAt, long publishedAtMs,
                               long labelsUsed, String gateMetric, Double gateCandidate, Double gateCurrent) { }

    private final int capacity;
    private final LinkedHashMap<String, ModelVersion> versions = new LinkedHashMap<>();
    private final TopicTail tail;

    public ModelFeed(String bootstrapServers, String topic, int capacity, Map<String, Object> overrides) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.tail = new TopicTail(bootstrapServers, topic, "feedback-api-models", capacity, this::add, overrides);
    }

    public ModelFeed start() {
        tail.start();
        return this;
    }

    /** Up to {@code limit} versions, the newest published first. */
    public synchronized List<ModelVersion> newest(int limit) {
        final List<ModelVersion> all = new ArrayList<>(versions.values());
        final List<ModelVersion> out = new ArrayList<>(Math.min(limit, all.size()));
        for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
            out.add(all.get(i));
        }
        return out;
    }

    private void add(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return; // a tombstone: nothing to show
        }
        try {
            put(parse(r.value(), r.timestamp()));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("model timeline: skipped unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
        }
    }

    /** The fields the timeline shows, from model_update_v1 JSON; throws naming what is missing. */
    static ModelVersion parse(byte[] json, long publishedAtMs) throws IOException {
        final JsonNode n = JsonSerde.MAPPER.readTree(json);
        if (n == null || !n.isObject() || !n.path("version").isTextual() || n.path("version").asText().isBlank()) {
            throw new IllegalArgumentException("not a model_update_v1 document: no version");
        }
        if (!n.path("createdAt").isTextual() || !n.path("labelsUsed").canConvertToLong()) {
            throw new IllegalArgumentException("not a model_update_v1 document: no createdAt or labelsUsed");
        }
        final JsonNode gate = n.path("gate");
        return new ModelVersion(n.get("version").asText(),
                n.path("parentVersion").isTextual() ? n.get("parentVersion").asText() : null,
                n.get("createdAt").asText(), publishedAtMs, n.get("labelsUsed").asLong(),
                gate.path("metric").isTextual() ? gate.get("metric").asText() : null,
                gate.path("candidate").isNumber() ? gate.get("candidate").asDouble() : null,
                gate.path("current").isNumber() ? gate.get("current").asDouble() : null);
    }

    private synchronized void put(ModelVersion v) {
        versions.remove(v.version()); // published again: it moves to the newest place
        versions.put(v.version(), v);
        final Iterator<String> oldest = versions.keySet().iterator();
        while (versions.size() > capacity) {
            oldest.next();
            oldest.remove();
        }
    }

    @Override
    public void close() {
        tail.close();
    }
}
