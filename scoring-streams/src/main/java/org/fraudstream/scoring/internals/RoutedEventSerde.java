package org.fraudstream.scoring.internals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.fraudstream.contract.AccountState;
import org.fraudstream.contract.AccountStateSerde;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.contract.TransactionType;

/**
 * Binary serde of {@link RoutedEvent} for the two internal repartition topics: every event crosses
 * them, so they stay off JSON. Layout: a format byte, the event's numbers, its three strings
 * (length-prefixed UTF-8), then a flag and the destination state's {@link AccountStateSerde} bytes.
 */
public final class RoutedEventSerde implements Serde<RoutedEvent> {

    private static final byte FORMAT = 1;
    private static final TransactionType[] TYPES = TransactionType.values();
    private final AccountStateSerde stateSerde = new AccountStateSerde();

    @Override
    public Serializer<RoutedEvent> serializer() {
        final Serializer<AccountState> states = stateSerde.serializer();
        return (topic, r) -> {
            if (r == null) {
                return null;
            }
            final TransactionEvent e = r.event();
            final byte[] id = e.transactionId().getBytes(StandardCharsets.UTF_8);
            final byte[] orig = e.nameOrig().getBytes(StandardCharsets.UTF_8);
            final byte[] dest = e.nameDest().getBytes(StandardCharsets.UTF_8);
            final byte[] state = r.dest() == null ? new byte[0] : states.serialize(topic, r.dest());
            return ByteBuffer.allocate(1 + 8 + 4 + 1 + 8 * 5 + 12 + id.length + orig.length + dest.length + 1 + state.length)
                    .put(FORMAT).putLong(e.eventTimeMs()).putInt(e.step()).put((byte) e.type().ordinal())
                    .putDouble(e.amount()).putDouble(e.oldbalanceOrg()).putDouble(e.newbalanceOrig())
                    .putDouble(e.oldbalanceDest()).putDouble(e.newbalanceDest())
                    .putInt(id.length).put(id).putInt(orig.length).put(orig).putInt(dest.length).put(dest)
                    .put((byte) (r.dest() == null ? 0 : 1)).put(state)
                    .array();
        };
    }

    @Override
    public Deserializer<RoutedEvent> deserializer() {
        final Deserializer<AccountState> states = stateSerde.deserializer();
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                final ByteBuffer b = ByteBuffer.wrap(bytes);
                if (b.get() != FORMAT) {
                    throw new SerializationException("routed event: unknown format " + bytes[0]);
                }
                final long time = b.getLong();
                final int step = b.getInt();
                final TransactionType type = TYPES[b.get()];
                final double amount = b.getDouble();
                final double oldOrg = b.getDouble();
                final double newOrg = b.getDouble();
                final double oldDest = b.getDouble();
                final double newDest = b.getDouble();
                final String id = string(b);
                final String orig = string(b);
                final String dest = string(b);
                final TransactionEvent e = new TransactionEvent(id, time, step, type, amount, orig, oldOrg, newOrg,
                        dest, oldDest, newDest);
                if (b.get() == 0) {
                    return new RoutedEvent(e, null);
                }
                final byte[] state = new byte[b.remaining()];
                b.get(state);
                return new RoutedEvent(e, states.deserialize(topic, state));
            } catch (RuntimeException ex) {
                throw ex instanceof SerializationException s ? s
                        : new SerializationException("routed event: unreadable (" + bytes.length + " bytes)", ex);
            }
        };
    }

    private static String string(ByteBuffer b) {
        final byte[] s = new byte[b.getInt()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
