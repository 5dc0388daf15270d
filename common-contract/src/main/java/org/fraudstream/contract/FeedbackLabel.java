package org.fraudstream.contract;

/** An analyst's verdict on one transaction (feedback_v1 {@code label}). The wire form is the enum name. */
public enum FeedbackLabel {
    FRAUD, LEGIT
}
