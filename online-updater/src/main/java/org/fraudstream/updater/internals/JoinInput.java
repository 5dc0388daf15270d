package org.fraudstream.updater.internals;

import org.fraudstream.contract.ScoredEvent;

/** What the join reads: a scored event, or an analyst's label with its raw feedback_v1 bytes. */
public sealed interface JoinInput {

    record Served(ScoredEvent event) implements JoinInput { }

    record Labeled(Feedback feedback, byte[] raw) implements JoinInput { }
}
