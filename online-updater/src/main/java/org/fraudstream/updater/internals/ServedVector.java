package org.fraudstream.updater.internals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the join keeps of a scored event: the served vector and the model version that scored it.
 * Stored for every scored transaction until retention, hence the compact binary form (a version
 * byte, the vector as raw doubles, the model version as UTF-8): about a third of the JSON.
 */
public record ServedVector(double[] features, String modelVersion) {

    private static final byte FORMAT = 1;

    /** The store serde: {@code [1][n:int][n doubles][version length:int][version UTF-8]}. */
    public static final class StoreSerde implements Serde<ServedVector> {
        @Override
        public Serializer<ServedVector> serializer() {
            return (topic, v) -> v == null ? null : write(v);
        }

        @Override
        public Deserializer<ServedVector> deserializer() {
            return (topic, bytes) -> bytes == null ? null : read(bytes);
        }
    }

    static byte[] write(ServedVector v) {
        final byte[] version = v.modelVersion == null ? new byte[0] : v.modelVersion.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer buf = ByteBuffer.allocate(1 + 4 + 8 * v.features.length + 4 + version.length);
        buf.put(FORMAT).putInt(v.features.length);
        for (double f : v.features) {
            buf.putDouble(f);
        }
        buf.putInt(version.length).put(version);
        return buf.array();
    }

    static ServedVector read(byte[] bytes) {
        final ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (bytes.length < 9 || buf.get() != FORMAT) {
            throw new SerializationException("not a served vector (format " + FORMAT + "), " + bytes.length + " bytes");
        }
        final double[] features = new double[buf.getInt()];
        for (int i = 0; i < features.length; i++) {
            features[i] = buf.getDouble();
        }
        final byte[] version = new byte[buf.getInt()];
        buf.get(version);
        return new ServedVector(features, version.length == 0 ? null : new String(version, StandardCharsets.UTF_8));
    }
}
