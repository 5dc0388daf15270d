package org.fraudstream.updater;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.fraudstream.contract.DlqRecord;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.Topic;
import org.fraudstream.contract.Topics;

/**
 * The topics the updater reads and writes. Its own two outputs: {@code feedback-dlq} (dlq_v1, feedback
 * that is not feedback_v1) and {@code feedback-unmatched} (feedback_v1 bytes unchanged, key txn id,
 * header {@code fraud.unmatched.reason}: labels that met no scored event, kept so they can be replayed).
 * They are apart from scoring's {@code dlq}, whose count must equal the malformed transactions.
 */
public record UpdaterTopics(
        Topic<String, byte[]> feedback,
        Topic<String, ScoredEvent> scored,
        Topic<String, byte[]> modelUpdates,
        Topic<String, DlqRecord> feedbackDlq,
        Topic<String, byte[]> feedbackUnmatched) {

    public static UpdaterTopics defaults() {
        return new UpdaterTopics(Topics.FEEDBACK, Topics.SCORED, Topics.MODEL_UPDATES,
                new Topic<>("feedback-dlq", Serdes.String(), JsonSerde.of(DlqRecord.class)),
                new Topic<>("feedback-unmatched", Serdes.String(), Serdes.ByteArray()));
    }

    public UpdaterTopics withPrefix(String prefix) {
        return new UpdaterTopics(
                feedback.withName(prefix + feedback.name()),
                scored.withName(prefix + scored.name()),
                modelUpdates.withName(prefix + modelUpdates.name()),
                feedbackDlq.withName(prefix + feedbackDlq.name()),
                feedbackUnmatched.withName(prefix + feedbackUnmatched.name()));
    }

    /** Every topic name, inputs first. */
    public List<String> names() {
        return List.of(feedback.name(), scored.name(), modelUpdates.name(), feedbackDlq.name(),
                feedbackUnmatched.name());
    }
}
