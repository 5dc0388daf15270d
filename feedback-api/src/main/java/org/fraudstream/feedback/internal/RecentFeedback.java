package org.fraudstream.feedback.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
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
 * <p>Bounded: the least recently used accepted labels go first beyond {@code capacity} (publishes in
 * flight are held apart, as many as there are requests waiting for the broker). Limits: in memory and
 * per instance, so a retry after a restart, or to another instance, publishes again; consumers of
 * {@code feedback} treat (transactionId, analystId) as the key of an upsert, which makes such a
 * repeat harmless.
 *
 * <p>Memory: accepted labels live in arrays allocated once ({@link HashedLru}, about 100 bytes a
 * label), not as objects. Under load a map of objects, each kept for the seconds it takes the
 * capacity to turn over, was copied by every young collection: 100,000 entries made 100-180 ms
 * pauses. Keys and fingerprints are kept as 128 bits of their SHA-256, so two different ones are
 * taken for the same with probability about n²/2¹²⁹ (1e-29 at 100,000 labels); a cryptographic hash,
 * so that no client can craft a key that makes another analyst's label look like a repeat.
 */
public final class RecentFeedback {

    /** Where the broker put a label. */
    public record Receipt(int partition, long offset) { }

    /** One request's hold on its key. */
    public static final class Claim {
        private final Id key;
        private final Id transaction;
        private final Pending pending;
        private final CompletableFuture<Receipt> receipt;

        private Claim(Id key, Id transaction, Pending pending, CompletableFuture<Receipt> receipt) {
            this.key = key;
            this.transaction = transaction;
            this.pending = pending;
            this.receipt = receipt;
        }

        /** Whether this request publishes (otherwise it repeats one that did or does). */
        public boolean owner() {
            return pending != null;
        }

        /** The receipt of the publish this claim repeats, completed when that publish ends. */
        public CompletableFuture<Receipt> receipt() {
            return receipt;
        }
    }

    /** 128 bits of a SHA-256. */
    private record Id(long hi, long lo) { }

    /** A publish in flight: its fingerprint, and the receipt its duplicates wait for. */
    private static final class Pending {
        final Id fingerprint;
        final CompletableFuture<Receipt> receipt = new CompletableFuture<>();

        Pending(Id fingerprint) {
            this.fingerprint = fingerprint;
        }
    }

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** (transactionId, analystId) whose publish is in flight; at most one per key, here or in accepted. */
    private final Map<Id, Pending> pending = new HashMap<>();
    private final HashedLru accepted;
    private final long[] fingerprintHi;
    private final long[] fingerprintLo;
    private final int[] partition;
    private final long[] offset;
    private final HashedLru labeled;

    public RecentFeedback(int capacity) {
        if (capacity < 1 || capacity > HashedLru.MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 1.." + HashedLru.MAX_CAPACITY + ", was " + capacity);
        }
        this.accepted = new HashedLru(capacity);
        this.fingerprintHi = new long[capacity];
        this.fingerprintLo = new long[capacity];
        this.partition = new int[capacity];
        this.offset = new long[capacity];
        this.labeled = new HashedLru(capacity);
    }

    public Claim claim(String transactionId, String analystId, String fingerprint) {
        final Id key = sha256(Objects.requireNonNull(transactionId), Objects.requireNonNull(analystId));
        final Id transaction = sha256(transactionId);
        final Id print = sha256(fingerprint);
        synchronized (this) {
            final Pending inFlight = pending.get(key);
            if (inFlight != null && inFlight.fingerprint.equals(print)) {
                return new Claim(key, transaction, null, inFlight.receipt);
            }
            if (inFlight == null) {
                final int s = accepted.find(key.hi(), key.lo());
                if (s != HashedLru.NONE) {
                    if (fingerprintHi[s] == print.hi() && fingerprintLo[s] == print.lo()) {
                        accepted.touch(s);
                        return new Claim(key, transaction, null,
                                CompletableFuture.completedFuture(new Receipt(partition[s], offset[s])));
                    }
                    accepted.remove(s); // a correction replaces it
                }
            }
            final Pending fresh = new Pending(print);
            pending.put(key, fresh);
            return new Claim(key, transaction, fresh, fresh.receipt);
        }
    }

    /** The owner's publish was acknowledged. */
    public void published(Claim claim, Receipt receipt) {
        requireOwner(claim);
        synchronized (this) {
            final int t = labeled.find(claim.transaction.hi(), claim.transaction.lo());
            if (t == HashedLru.NONE) {
                labeled.add(claim.transaction.hi(), claim.transaction.lo());
            } else {
                labeled.touch(t);
            }
            if (pending.remove(claim.key, claim.pending)) { // else a later claim replaced it: that one counts
                final int s = accepted.add(claim.key.hi(), claim.key.lo());
                fingerprintHi[s] = claim.pending.fingerprint.hi();
                fingerprintLo[s] = claim.pending.fingerprint.lo();
                partition[s] = receipt.partition();
                offset[s] = receipt.offset();
            }
        }
        claim.pending.receipt.complete(receipt);
    }

    /** The owner's publish failed: the pair is forgotten (unless a newer claim replaced it already). */
    public void failed(Claim claim, Throwable cause) {
        requireOwner(claim);
        synchronized (this) {
            pending.remove(claim.key, claim.pending);
        }
        claim.pending.receipt.completeExceptionally(cause);
    }

    /** Whether this instance accepted any label for {@code transactionId} (within the bound). */
    public boolean isLabeled(String transactionId) {
        final Id transaction = sha256(transactionId);
        synchronized (this) {
            return labeled.find(transaction.hi(), transaction.lo()) != HashedLru.NONE;
        }
    }

    /** Labels accepted and remembered, plus publishes in flight. */
    public synchronized int size() {
        return accepted.size() + pending.size();
    }

    private static void requireOwner(Claim claim) {
        if (!claim.owner()) {
            throw new IllegalStateException("only the owner of a claim ends it");
        }
    }

    /** SHA-256 of the parts, each preceded by its length so that no two lists of parts read the same. */
    private static Id sha256(String... parts) {
        final MessageDigest sha;
        try {
            sha = (MessageDigest) SHA_256.clone(); // cheaper than getInstance, which looks up the provider
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
        final ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
        for (String part : parts) {
            final byte[] b = part.getBytes(StandardCharsets.UTF_8);
            sha.update(length.clear().putInt(b.length).array());
            sha.update(b);
        }
        final ByteBuffer digest = ByteBuffer.wrap(sha.digest());
        return new Id(digest.getLong(0), digest.getLong(Long.BYTES));
    }
}
