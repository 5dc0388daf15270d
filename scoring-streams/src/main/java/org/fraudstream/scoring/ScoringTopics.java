package org.fraudstream.scoring;

import org.fraudstream.contract.DlqRecord;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.Topic;
import org.fraudstream.contract.Topics;

/** The topics one scoring app reads and writes; {@link #withPrefix} gives isolated sets for tests and benchmarks. */
public record ScoringTopics(
        Topic<String, byte[]> transactions,
        Topic<String, ScoredEvent> anomalies,
        Topic<String, ScoredEvent> metrics,
        Topic<String, ScoredEvent> scored,
        Topic<String, DlqRecord> dlq,
        Topic<String, byte[]> modelUpdates) {

    public static ScoringTopics defaults() {
        return new ScoringTopics(Topics.TRANSACTIONS, Topics.ANOMALIES, Topics.METRICS, Topics.SCORED, Topics.DLQ,
                Topics.MODEL_UPDATES);
    }

    public ScoringTopics withPrefix(String prefix) {
        return new ScoringTopics(
                transactions.withName(prefix + transactions.name()),
                anomalies.withName(prefix + anomalies.name()),
                metrics.withName(prefix + metrics.name()),
                scored.withName(prefix + scored.name()),
                dlq.withName(prefix + dlq.name()),
                modelUpdates.withName(prefix + modelUpdates.name()));
    }
}
