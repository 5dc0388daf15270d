package org.fraudstream.local;

import java.nio.charset.StandardCharsets;

/**
 * The transaction ids seen so far, as 64-bit hashes in one open-addressing table: 8 bytes an id and
 * no object per id, so counting millions of outcomes does not load the garbage collector of the
 * JVM it measures. Two distinct ids share a hash with probability about n²/2⁶⁵ (1e-8 at 600 million).
 */
final class SeenIds {

    private long[] table = new long[1 << 16];
    private int size;
    private boolean zeroSeen;

    /** Adds {@code id}; returns false when it was there already. */
    boolean add(String id) {
        final long h = hash(id);
        if (h == 0) {
            final boolean fresh = !zeroSeen;
            zeroSeen = true;
            return fresh;
        }
        if (size * 2 >= table.length) {
            grow();
        }
        return insert(table, h);
    }

    private boolean insert(long[] t, long h) {
        int i = (int) (h ^ (h >>> 32)) & (t.length - 1);
        while (t[i] != 0) {
            if (t[i] == h) {
                return false;
            }
            i = (i + 1) & (t.length - 1);
        }
        t[i] = h;
        if (t == table) {
            size++;
        }
        return true;
    }

    private void grow() {
        final long[] old = table;
        table = new long[old.length * 2];
        for (long h : old) {
            if (h != 0) {
                insert(table, h);
            }
        }
    }

    /** 64-bit FNV-1a over the UTF-8 bytes, then a final mix (splitmix64). */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
