package org.fraudstream.scoring.internals;

import org.fraudstream.contract.DlqRecord;
import org.fraudstream.contract.TransactionEvent;

/** What the parse step hands on: an event to score, or a DLQ record. */
public sealed interface ParseOutcome {

    record Accepted(TransactionEvent event) implements ParseOutcome { }

    record Rejected(DlqRecord dlq) implements ParseOutcome { }
}
