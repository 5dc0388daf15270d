package org.fraudstream.contract;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Fixed-size binary serde for {@link AccountState}: it is read and written once per event, so it
 * stays off JSON. The first byte is a format version so the changelog can evolve.
 */
public final class AccountStateSerde implements Serde<AccountState> {

    private static final byte FORMAT = 2;
    private static final int SIZE = 1 + 8 + 4 + 8 + 8 + 8 + 8 + 8 + 8 + 4 + 8 + 8;

    @Override
    public Serializer<AccountState> serializer() {
        return (topic, s) -> s == null ? null : ByteBuffer.allocate(SIZE)
                .put(FORMAT)
                .putLong(s.txnCount())
                .putInt(s.lastStep())
                .putDouble(s.lastAmount())
                .putDouble(s.amountSum())
                .putDouble(s.decayedCount())
                .putDouble(s.decayedAmount())
                .putLong(s.transferCount())
                .putLong(s.recvCount())
                .putInt(s.lastRecvStep())
                .putDouble(s.lastRecvAmount())
                .putDouble(s.recvAmountSum())
                .array();
    }

    @Override
    public Deserializer<AccountState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length != SIZE || bytes[0] != FORMAT) {
                throw new SerializationException("account state: expected " + SIZE + " bytes of format " + FORMAT
                        + ", got " + bytes.length + " bytes" + (bytes.length > 0 ? " of format " + bytes[0] : ""));
            }
            final ByteBuffer b = ByteBuffer.wrap(bytes, 1, SIZE - 1);
            return new AccountState(b.getLong(), b.getInt(), b.getDouble(), b.getDouble(), b.getDouble(),
                    b.getDouble(), b.getLong(), b.getLong(), b.getInt(), b.getDouble(), b.getDouble());
        };
    }
}
