package org.fraudstream.updater.internals;

import java.util.Objects;

/**
 * An analyst's label of one transaction, read from feedback_v1 (see {@link FeedbackParser}).
 *
 * @param analystId   who labeled it, or {@code null} when the payload had none
 * @param note        free text, or {@code null}
 * @param labeledAtMs when it was labeled (epoch ms), or {@code null} when the payload did not say
 */
public record Feedback(String transactionId, boolean fraud, String analystId, String note, Long labeledAtMs) {

    public Feedback {
        Objects.requireNonNull(transactionId, "transactionId");
    }

    /** The label as feedback_v1 spells it. */
    public String label() {
        return fraud ? "FRAUD" : "LEGIT";
    }
}
