package org.fraudstream.updater.internals;

import java.util.ArrayList;
import java.util.List;
import org.fraudstream.contract.JsonSerde;

/**
 * Feedback records of one transaction id that arrived before its scored event, with their raw
 * bytes (to write them to {@code feedback-unmatched} unchanged if the scored event never comes).
 */
public record PendingFeedback(List<Entry> entries) {

    /** The store serde (JSON). */
    public static final JsonSerde<PendingFeedback> SERDE = JsonSerde.of(PendingFeedback.class);

    /** One waiting feedback record; {@code timestampMs} is its record timestamp. */
    public record Entry(Feedback feedback, byte[] raw, long timestampMs) { }

    public PendingFeedback {
        entries = List.copyOf(entries);
    }

    public PendingFeedback plus(Entry e) {
        final List<Entry> more = new ArrayList<>(entries);
        more.add(e);
        return new PendingFeedback(more);
    }
}
