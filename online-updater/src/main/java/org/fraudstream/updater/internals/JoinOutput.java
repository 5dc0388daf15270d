package org.fraudstream.updater.internals;

import org.fraudstream.updater.LabeledExample;

/** What the join writes: a training example, or feedback that matched no scored event in time. */
public sealed interface JoinOutput {

    record Matched(LabeledExample example) implements JoinOutput { }

    /** The raw feedback_v1 bytes, unchanged, and why they did not match. */
    record Unmatched(byte[] raw, String reason) implements JoinOutput { }
}
