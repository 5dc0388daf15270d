package org.fraudstream.feedback.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The labels this instance accepted recently, so that a client's retry is answered without a second
 * record on the feedback topic. Keyed by (transactionId, analystId); holds the fingerprint of what
 * was sent and the broker's receipt.
 *
 * <p>A request {@link #claim claims} its key. If the same fingerprint is there (published, or being
 * published by a concurrent request), the claim is a duplicate and waits for that receipt; otherwise
 * (new pair, or a different label: a correction) the claim owns the publish and must end it with
 * {@link #published} or {@link #failed}. A failed publish is forgotten, so the retry publishes.
 *
 * <p>Bounded: the least recently used entries go first beyond {@code capacity}. Limits: in memory and
 * per instance, so a retry after a restart, or to another instance, publishes again; consumers of
 * {@code feedback} treat (transactionId, analystId) as the key of an upsert, which makes such a
 * repeat harmless.
 */
public final class RecentFeedback {

    /** Where the broker put a label. */
    public record Receipt(int partition, long offset) { }

    /** One request's hold on its key. */
    public static final class Claim {
        private final Key key;
        private final Entry entry;
        private final boolean owner;

        private Claim(Key key, Entry entry, boolean owner) {
            this.key = key;
            this.entry = entry;
            this.owner = owner;
        }

        /** Whether this request publishes (otherwise it repeats one that did or does). */
        public boolean owner() {
            return owner;
        }

        /** The receipt of the publish this claim repeats, completed when that publish ends. */
        public CompletableFuture<Receipt> receipt() {
            return entry.receipt;
        }
    }

    private record Key(String transactionId, String analystId) { }

    private static final class Entry {
        final String fingerprint;
        final CompletableFuture<Receipt> receipt = new CompletableFuture<>();

        Entry(String fingerprint) {
            this.fingerprint = fingerprint;
        }
    }

    private final Map<Key, Entry> entries;
    private final Map<String, Boolean> labeled;

    public RecentFeedback(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.entries = lru(capacity);
        this.labeled = lru(capacity);
    }

    public synchronized Claim claim(String transactionId, String analystId, String fingerprint) {
        final Key key = new Key(Objects.requireNonNull(transactionId), Objects.requireNonNull(analystId));
        final Entry existing = entries.get(key);
        if (existing != null && existing.fingerprint.equals(fingerprint)) {
            return new Claim(key, existing, false);
        }
        final Entry fresh = new Entry(fingerprint);
        entries.put(key, fresh);
        return new Claim(key, fresh, true);
    }

    /** The owner's publish was acknowledged. */
    public void published(Claim claim, Receipt receipt) {
        requireOwner(claim);
        synchronized (this) {
            labeled.put(claim.key.transactionId(), Boolean.TRUE);
        }
        claim.entry.receipt.complete(receipt);
    }

    /** The owner's publish failed: the pair is forgotten (unless a newer claim replaced it already). */
    public void failed(Claim claim, Throwable cause) {
        requireOwner(claim);
        synchronized (this) {
            entries.remove(claim.key, claim.entry);
        }
        claim.entry.receipt.completeExceptionally(cause);
    }

    /** Whether this instance accepted any label for {@code transactionId} (within the bound). */
    public synchronized boolean isLabeled(String transactionId) {
        return labeled.containsKey(transactionId);
    }

    public synchronized int size() {
        return entries.size();
    }

    private static void requireOwner(Claim claim) {
        if (!claim.owner) {
            throw new IllegalStateException("only the owner of a claim ends it");
        }
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
