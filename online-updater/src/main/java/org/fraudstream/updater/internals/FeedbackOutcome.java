package org.fraudstream.updater.internals;

import org.fraudstream.contract.DlqRecord;

/** A feedback record after parsing: a label for the join, or a dlq_v1 record. */
public sealed interface FeedbackOutcome {

    record Accepted(JoinInput.Labeled labeled) implements FeedbackOutcome { }

    record Rejected(DlqRecord dlq) implements FeedbackOutcome { }
}
