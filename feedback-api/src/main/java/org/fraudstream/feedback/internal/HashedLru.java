package org.fraudstream.feedback.internal;

/**
 * A bounded set of 128-bit keys (hashes), least recently used out first, held in primitive arrays
 * allocated once: no object per key, so a set of 100,000 keys that turn over every few seconds costs
 * the garbage collector nothing. Each key has a slot number, stable while the key is in the set, that
 * indexes the caller's own arrays of values. Not thread-safe: the caller locks.
 *
 * <p>Open addressing with linear probing on an index of twice the capacity or more (so probes stay
 * short), deletion by backward shift (no tombstones), and a doubly linked list of slots in use order.
 */
final class HashedLru {

    static final int NONE = -1;
    /** FeedbackConfig.MAX_DEDUP_ENTRIES: 2^26 keys, far beyond any retry window. */
    static final int MAX_CAPACITY = 1 << 26;

    private final int capacity;
    private final long[] hi;
    private final long[] lo;
    private final int[] older;
    private final int[] newer;
    /** slot + 1 of the key whose probe sequence passes here; 0 is empty. */
    private final int[] index;
    private final int mask;
    private int eldest = NONE;
    private int newest = NONE;
    private int size;
    /** Slots never used yet start here; freed slots are chained through {@code newer} from {@code freed}. */
    private int fresh;
    private int freed = NONE;

    HashedLru(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 1.." + MAX_CAPACITY + ", was " + capacity);
        }
        this.capacity = capacity;
        this.hi = new long[capacity];
        this.lo = new long[capacity];
        this.older = new int[capacity];
        this.newer = new int[capacity];
        this.index = new int[Integer.highestOneBit(capacity) << 2]; // a power of two, 2x to 4x the capacity
        this.mask = index.length - 1;
    }

    int size() {
        return size;
    }

    /** The slot of the key, or {@link #NONE}. Does not count as a use. */
    int find(long keyHi, long keyLo) {
        for (int i = home(keyLo); index[i] != 0; i = (i + 1) & mask) {
            final int s = index[i] - 1;
            if (hi[s] == keyHi && lo[s] == keyLo) {
                return s;
            }
        }
        return NONE;
    }

    /**
     * Adds a key that is not in the set (the caller found {@link #NONE}) as the most recently used,
     * first removing the least recently used key when full; returns the new key's slot.
     */
    int add(long keyHi, long keyLo) {
        if (size == capacity) {
            remove(eldest);
        }
        final int s;
        if (freed != NONE) {
            s = freed;
            freed = newer[s];
        } else {
            s = fresh++;
        }
        hi[s] = keyHi;
        lo[s] = keyLo;
        int i = home(keyLo);
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = s + 1;
        linkNewest(s);
        size++;
        return s;
    }

    /** Marks the key in slot {@code s} as the most recently used. */
    void touch(int s) {
        if (s != newest) {
            unlink(s);
            linkNewest(s);
        }
    }

    /** Removes the key in slot {@code s}; the slot may be reused by the next {@link #add}. */
    void remove(int s) {
        unlink(s);
        int i = home(lo[s]);
        while (index[i] != s + 1) {
            i = (i + 1) & mask;
        }
        index[i] = 0;
        // Backward shift: move up every later entry of the run whose home is not between the hole and it.
        for (int j = (i + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
            final int h = home(lo[index[j] - 1]);
            if (((j - h) & mask) >= ((j - i) & mask)) {
                index[i] = index[j];
                index[j] = 0;
                i = j;
            }
        }
        newer[s] = freed;
        freed = s;
        size--;
    }

    private int home(long keyLo) {
        return (int) (keyLo ^ (keyLo >>> 32)) & mask; // the keys are hashes already: no further mixing
    }

    private void linkNewest(int s) {
        older[s] = newest;
        newer[s] = NONE;
        if (newest != NONE) {
            newer[newest] = s;
        } else {
            eldest = s;
        }
        newest = s;
    }

    private void unlink(int s) {
        final int o = older[s];
        final int n = newer[s];
        if (o != NONE) {
            newer[o] = n;
        } else {
            eldest = n;
        }
        if (n != NONE) {
            older[n] = o;
        } else {
            newest = o;
        }
    }
}
