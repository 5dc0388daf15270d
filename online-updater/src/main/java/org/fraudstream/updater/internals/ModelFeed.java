package org.fraudstream.updater.internals;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fraudstream.model.ModelUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code model-updates} says, kept in a global store that every instance reads: the latest
 * update, and the latest <em>foreign</em> one (not written by an online updater: a rollback, a
 * newly trained bundle) as long as no update derived from it has followed it.
 *
 * <p>A global store because Kafka Streams restores it to the end of the topic before any task
 * runs: a fresh instance (no local state) starts from what the topic says, never from a stale guess.
 * Restoring runs the records through this processor again (Kafka 3.7+), so both entries come back.
 */
public final class ModelFeed {

    /** Versions of this prefix are written by online updaters; any other version is foreign. */
    public static final String ONLINE_PREFIX = "sgd-online-";

    static final String LATEST = "latest";
    static final String PENDING_FOREIGN = "pending-foreign";

    private static final Logger LOG = LoggerFactory.getLogger(ModelFeed.class);

    private final KeyValueStore<String, byte[]> store;

    public ModelFeed(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** The latest update on the topic, or {@code null}. */
    public ModelUpdate latest() {
        return read(LATEST);
    }

    /** A foreign update that no later update derives from yet, or {@code null}. */
    public ModelUpdate pendingForeign() {
        return read(PENDING_FOREIGN);
    }

    public static boolean isForeign(ModelUpdate u) {
        return !u.version().startsWith(ONLINE_PREFIX);
    }

    private ModelUpdate read(String key) {
        final byte[] bytes = store.get(key);
        return bytes == null ? null : ModelUpdate.fromBytes(bytes);
    }

    /** The global store's processor: reads each record of {@code model-updates} into the two entries. */
    public static final class Updater implements Processor<String, byte[], Void, Void> {

        private final String storeName;
        private KeyValueStore<String, byte[]> store;

        public Updater(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.value() == null) {
                return; // a tombstone: nothing to learn
            }
            final ModelUpdate u;
            try {
                u = ModelUpdate.fromBytes(record.value());
            } catch (IllegalArgumentException e) {
                LOG.error("ignoring a record on model-updates (key {}): {}", record.key(), e.getMessage());
                return;
            }
            store.put(LATEST, record.value());
            if (isForeign(u)) {
                store.put(PENDING_FOREIGN, record.value());
            } else {
                final byte[] pending = store.get(PENDING_FOREIGN);
                if (pending != null && ModelUpdate.fromBytes(pending).version().equals(u.parentVersion())) {
                    store.delete(PENDING_FOREIGN); // an updater has taken it over
                }
            }
        }
    }
}
