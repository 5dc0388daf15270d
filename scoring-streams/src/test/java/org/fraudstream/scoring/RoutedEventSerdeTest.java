package org.fraudstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.fraudstream.contract.AccountState;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.contract.TransactionType;
import org.fraudstream.scoring.internals.RoutedEvent;
import org.fraudstream.scoring.internals.RoutedEventSerde;
import org.junit.jupiter.api.Test;

class RoutedEventSerdeTest {

    private final RoutedEventSerde serde = new RoutedEventSerde();
    private final TransactionEvent event = new TransactionEvent("tx-é1", 1_700_000_000_123L, 17, TransactionType.CASH_OUT,
            181.5, "C12", -3.25, 0.0, "M9", 10.0, 191.5);

    @Test
    void shouldRoundTripEventsWithAndWithoutDestinationState() {
        final RoutedEvent bare = new RoutedEvent(event, null);
        final RoutedEvent withState = new RoutedEvent(event, new AccountState(3, 9, 1.5, 4.5, 2.0, 3.0, 1, 2, 16, 181.5, 300.0));
        for (RoutedEvent r : new RoutedEvent[] {bare, withState}) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", r))).isEqualTo(r);
        }
    }

    @Test
    void shouldRejectBytesOfAnotherFormatWithAClearMessage() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {7, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("routed event");
        final byte[] ok = serde.serializer().serialize("t", new RoutedEvent(event, null));
        final byte[] truncated = java.util.Arrays.copyOf(ok, ok.length - 5);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("routed event");
    }
}
