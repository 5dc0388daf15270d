package org.fraudstream.scoring.internals;

import java.util.Objects;
import org.fraudstream.contract.AccountState;
import org.fraudstream.contract.TransactionEvent;

/**
 * An event on its way between the two per-account steps of the topology: on the way to its
 * destination's partition ({@code dest == null}), then on the way to its origin's partition,
 * carrying the destination's state as it was before the event.
 */
public record RoutedEvent(TransactionEvent event, AccountState dest) {

    public RoutedEvent {
        Objects.requireNonNull(event, "event");
    }
}
