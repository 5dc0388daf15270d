package org.fraudstream.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * An analyst's label for one transaction (feedback_v1), the value of one record on the
 * {@code feedback} topic, keyed by {@code transactionId}. A later record for the same
 * (transactionId, analystId) is a correction and supersedes the earlier one.
 *
 * @param note      free text, at most {@link #MAX_NOTE_LENGTH} characters, or {@code null}
 * @param labeledAt when the analyst labeled it, epoch milliseconds (the API's receive time when the
 *                  request gave none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Feedback(String transactionId, FeedbackLabel label, String analystId, String note, long labeledAt) {

    /** Longest id, in code points (as for event_v1 ids). */
    public static final int MAX_ID_LENGTH = 128;
    /** Longest note, in code points. */
    public static final int MAX_NOTE_LENGTH = 2000;

    public Feedback {
        requireId(transactionId, "transactionId");
        requireId(analystId, "analystId");
        Objects.requireNonNull(label, "label");
        if (note != null && note.codePointCount(0, note.length()) > MAX_NOTE_LENGTH) {
            throw new IllegalArgumentException("note must be at most " + MAX_NOTE_LENGTH + " characters");
        }
        if (labeledAt < 0) {
            throw new IllegalArgumentException("labeledAt must be >= 0, was " + labeledAt);
        }
    }

    private static void requireId(String id, String field) {
        if (id == null || id.isBlank() || id.codePointCount(0, id.length()) > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(field + " must be 1 to " + MAX_ID_LENGTH + " characters, not all blank");
        }
    }
}
