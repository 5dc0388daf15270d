package org.fraudstream.trainer.inspect;

/**
 * Counts distinct strings in bounded memory. Each string is reduced to a 64-bit hash and the hashes
 * are kept in an open-addressing set of longs (at most half full, 8 to 16 bytes a distinct value):
 * exact up to hash collisions, whose chance is below 1e-6 for the 6.3M ids of the Kaggle file (n²/2⁶⁵).
 * Past {@code cap} distinct values the set is dropped and the count becomes the estimate of a
 * HyperLogLog (2¹⁴ registers, standard error about 0.8 %) that has been fed every hash from the start.
 */
final class DistinctCounter {

    /** 8M distinct values: a set of 2²⁴ longs, 128 MB, at most. */
    static final int DEFAULT_CAP = 1 << 23;

    private static final int HLL_BITS = 14;
    private static final int HLL_REGISTERS = 1 << HLL_BITS;

    private final int cap;
    private final byte[] registers = new byte[HLL_REGISTERS];
    private long[] table = new long[1 << 10];
    private int size;
    private boolean exact = true;

    DistinctCounter(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be >= 1, was " + cap);
        }
        this.cap = cap;
    }

    void add(String s) {
        final long h = hash(s);
        final int register = (int) (h >>> (64 - HLL_BITS));
        final int rank = Long.numberOfLeadingZeros((h << HLL_BITS) | (1L << (HLL_BITS - 1))) + 1;
        if (rank > registers[register]) {
            registers[register] = (byte) rank;
        }
        if (exact && insert(h == 0 ? 1 : h) && size > cap) {
            exact = false;
            table = null; // the memory goes back; the estimate takes over
        }
    }

    /** Whether {@link #count} is exact (up to 64-bit hash collisions). */
    boolean exact() {
        return exact;
    }

    long count() {
        return exact ? size : estimate();
    }

    /** @return whether {@code h} was new */
    private boolean insert(long h) {
        if (2 * (size + 1) > table.length && size < cap) { // at the cap, half full: room for the one that ends it
            grow();
        }
        final int mask = table.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            if (table[i] == 0) {
                table[i] = h;
                size++;
                return true;
            }
            if (table[i] == h) {
                return false;
            }
        }
    }

    private void grow() {
        final long[] old = table;
        table = new long[old.length * 2];
        final int mask = table.length - 1;
        for (long h : old) {
            if (h != 0) {
                int i = (int) h & mask;
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = h;
            }
        }
    }

    /** HyperLogLog's estimate, with linear counting in the small range (Flajolet et al., 2007). */
    private long estimate() {
        double sum = 0;
        int zeros = 0;
        for (byte r : registers) {
            sum += Math.scalb(1.0, -r);
            zeros += r == 0 ? 1 : 0;
        }
        final double m = HLL_REGISTERS;
        final double raw = 0.7213 / (1 + 1.079 / m) * m * m / sum;
        return Math.round(raw <= 2.5 * m && zeros > 0 ? m * Math.log(m / zeros) : raw);
    }

    /** FNV-1a over the chars, then MurmurHash3's finaliser so that every bit depends on every char. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
