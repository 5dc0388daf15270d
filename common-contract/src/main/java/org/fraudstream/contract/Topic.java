package org.fraudstream.contract;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** A topic with its key and value serdes, so producers and consumers of it cannot disagree. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }

    /** The same descriptor under another name (e.g. a per-run prefix in tests and benchmarks). */
    public Topic<K, V> withName(String newName) {
        return new Topic<>(newName, keySerde, valueSerde);
    }
}
