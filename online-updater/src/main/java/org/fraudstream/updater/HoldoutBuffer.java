package org.fraudstream.updater;

/**
 * The rolling holdout: a ring buffer of the most recent {@code capacity} held-out labels, which the
 * promotion gate scores candidate and current model on. Held-out labels are never trained on.
 */
public final class HoldoutBuffer {

    private final double[][] x;
    private final boolean[] y;
    private long added;

    public HoldoutBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("holdout capacity must be >= 1, was " + capacity);
        }
        this.x = new double[capacity][];
        this.y = new boolean[capacity];
    }

    /** Adds {@code e}, replacing the oldest when full; returns the slot it went to. */
    public int add(LabeledExample e) {
        final int slot = (int) (added % x.length);
        put(slot, e);
        added++;
        return slot;
    }

    /** Restores {@code e} into {@code slot} (after a restart), given how many were ever added. */
    public void restore(int slot, LabeledExample e, long everAdded) {
        put(slot, e);
        added = everAdded;
    }

    private void put(int slot, LabeledExample e) {
        x[slot] = e.featuresUnsafe();
        y[slot] = e.fraud();
    }

    /** Labels held now (at most the capacity). */
    public int size() {
        return (int) Math.min(added, x.length);
    }

    public int capacity() {
        return x.length;
    }

    /** Labels ever added (the next slot is this modulo the capacity). */
    public long added() {
        return added;
    }

    /** The held vectors, rows {@code [0, size())} filled. Not copied: read only. */
    double[][] features() {
        return x;
    }

    /** The held labels, {@code [0, size())} filled. Not copied: read only. */
    boolean[] labels() {
        return y;
    }
}
