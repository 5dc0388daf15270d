package org.fraudstream.trainer;

import java.util.ArrayList;
import java.util.List;

/**
 * Feature vectors with their label and step, appended row by row into fixed-size chunks of
 * primitive arrays: no object per row and no copying as it grows, so millions of rows stay at
 * about {@code 8 * width + 5} bytes each. Read only outside this package
 * ({@link TrainingPipeline#featureTable}): the rows training learns from, for replays that score them.
 */
public final class FeatureTable {

    private static final int CHUNK_ROWS = 1 << 16;

    private final int width;
    private final List<double[]> values = new ArrayList<>();
    private final List<int[]> steps = new ArrayList<>();
    private final List<boolean[]> labels = new ArrayList<>();
    private int size;

    FeatureTable(int width) {
        this.width = width;
    }

    void add(double[] features, boolean fraud, int step) {
        if (features.length != width) {
            throw new IllegalArgumentException("expected " + width + " features, got " + features.length);
        }
        final int at = size % CHUNK_ROWS;
        if (at == 0) {
            values.add(new double[CHUNK_ROWS * width]);
            steps.add(new int[CHUNK_ROWS]);
            labels.add(new boolean[CHUNK_ROWS]);
        }
        final int chunk = size / CHUNK_ROWS;
        System.arraycopy(features, 0, values.get(chunk), at * width, width);
        steps.get(chunk)[at] = step;
        labels.get(chunk)[at] = fraud;
        size++;
    }

    public int size() {
        return size;
    }

    public int width() {
        return width;
    }

    /** Copies row {@code r} into {@code into} and returns it. */
    public double[] row(int r, double[] into) {
        System.arraycopy(values.get(r / CHUNK_ROWS), (r % CHUNK_ROWS) * width, into, 0, width);
        return into;
    }

    public int step(int r) {
        return steps.get(r / CHUNK_ROWS)[r % CHUNK_ROWS];
    }

    public boolean fraud(int r) {
        return labels.get(r / CHUNK_ROWS)[r % CHUNK_ROWS];
    }

    /** Number of fraud rows in {@code [from, to)}. */
    public long frauds(int from, int to) {
        long n = 0;
        for (int r = from; r < to; r++) {
            n += fraud(r) ? 1 : 0;
        }
        return n;
    }
}
