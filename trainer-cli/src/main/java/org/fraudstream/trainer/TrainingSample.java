package org.fraudstream.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training rows handed to the trainer: all rows before the split, or, above the row cap,
 * every fraud row plus a seeded uniform sample of the legit rows.
 *
 * @param legitSampleRate the share of legit rows kept (1 when under the cap)
 */
record TrainingSample(double[][] x, boolean[] y, long frauds, long legits, double legitSampleRate) {

    static TrainingSample of(FeatureTable t, int end, int maxRows, long seed) {
        final long frauds = t.frauds(0, end);
        final long legits = end - frauds;
        if (frauds == 0) {
            throw new TrainingException("the training steps (the " + end + " rows up to step " + t.step(end - 1)
                    + ") hold no fraud row: there is nothing to learn fraud from");
        }
        if (legits == 0) {
            throw new TrainingException("the training steps hold only fraud rows");
        }
        final double rate = end <= maxRows ? 1.0 : Math.min(1.0, Math.max(maxRows - frauds, frauds) / (double) legits);
        final SplittableRandom rnd = new SplittableRandom(seed);
        final List<double[]> x = new ArrayList<>();
        final List<Boolean> y = new ArrayList<>();
        for (int r = 0; r < end; r++) {
            final boolean fraud = t.fraud(r);
            if (fraud || rate >= 1.0 || rnd.nextDouble() < rate) {
                x.add(t.row(r, new double[t.width()]));
                y.add(fraud);
            }
        }
        final boolean[] labels = new boolean[y.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = y.get(i);
        }
        return new TrainingSample(x.toArray(double[][]::new), labels, frauds, legits, rate);
    }
}
