package org.fraudstream.contract;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the suite, in one place. Keys: origin account on {@code transactions};
 * transaction id on the outputs, {@code feedback} and {@code labels}; model name on
 * {@code model-updates} (compacted).
 */
public final class Topics {

    /** Raw event bytes, as produced by the replay tool or a user's producer; parsed by scoring. */
    public static final Topic<String, byte[]> TRANSACTIONS =
            new Topic<>("transactions", Serdes.String(), Serdes.ByteArray());
    public static final Topic<String, ScoredEvent> ANOMALIES =
            new Topic<>("anomalies", Serdes.String(), JsonSerde.of(ScoredEvent.class));
    public static final Topic<String, ScoredEvent> METRICS =
            new Topic<>("metrics", Serdes.String(), JsonSerde.of(ScoredEvent.class));
    public static final Topic<String, ScoredEvent> SCORED =
            new Topic<>("scored", Serdes.String(), JsonSerde.of(ScoredEvent.class));
    public static final Topic<String, DlqRecord> DLQ =
            new Topic<>("dlq", Serdes.String(), JsonSerde.of(DlqRecord.class));
    /** Ground truth written by the replay tool; never read by scoring. */
    public static final Topic<String, Label> LABELS =
            new Topic<>("labels", Serdes.String(), JsonSerde.of(Label.class));
    /** Analysts' labels (feedback_v1), published by feedback-api. */
    public static final Topic<String, byte[]> FEEDBACK =
            new Topic<>("feedback", Serdes.String(), Serdes.ByteArray());
    /** Model versions (model_update_v1), compacted, published by online-updater. */
    public static final Topic<String, byte[]> MODEL_UPDATES =
            new Topic<>("model-updates", Serdes.String(), Serdes.ByteArray());

    public static final List<Topic<?, ?>> ALL =
            List.of(TRANSACTIONS, ANOMALIES, METRICS, SCORED, DLQ, LABELS, FEEDBACK, MODEL_UPDATES);

    private Topics() {
    }
}
