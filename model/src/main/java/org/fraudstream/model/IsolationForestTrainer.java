package org.fraudstream.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Grows an isolation forest (Liu, Ting and Zhou, 2008) from unlabelled rows.
 *
 * <p>In: rows of equal length (in the order of the feature names), indices of features never to
 * split on. Out: an {@link IsolationForestModel}. Each tree draws {@code min(subsample, rows)} rows
 * without replacement and splits them on a random feature among those that still vary in the
 * node's rows, at a uniform random threshold in {@code (min, max]}, until a node has one row, all
 * its rows are equal on the usable features, or the depth limit is reached. A feature constant in
 * the training rows therefore never splits. Everything random comes from one seeded
 * {@link SplittableRandom}, so a seed gives one forest.
 */
public final class IsolationForestTrainer {

    private final IsolationForestParams params;

    public IsolationForestTrainer(IsolationForestParams params) {
        this.params = Objects.requireNonNull(params, "params");
    }

    public IsolationForestParams params() {
        return params;
    }

    /**
     * Grows the forest on {@code rows}; see the class comment.
     *
     * @param excludedIndices features never split on (may be null or empty)
     */
    public IsolationForestModel fit(double[][] rows, List<String> featureNames, int[] excludedIndices) {
        final List<String> names = Checks.featureNames(featureNames);
        final int d = names.size();
        Checks.trainingRows(rows, d, 2);
        final boolean[] usable = Checks.included(d, excludedIndices);
        final int sampleSize = Math.min(params.subsample(), rows.length);
        final int depthLimit = params.depthLimit(sampleSize);
        final SplittableRandom rnd = new SplittableRandom(params.seed());
        final int[] rowIndex = new int[rows.length];
        Arrays.setAll(rowIndex, i -> i);
        final List<IsolationForestModel.Tree> trees = new ArrayList<>(params.numTrees());
        for (int t = 0; t < params.numTrees(); t++) {
            final int[] sample = sample(rowIndex, sampleSize, rnd);
            trees.add(new TreeGrower(rows, usable, depthLimit, rnd.split()).grow(sample));
        }
        return new IsolationForestModel(names, sampleSize, trees);
    }

    /**
     * {@code k} distinct row indices: a partial Fisher-Yates shuffle of {@code index}, which stays a
     * permutation from call to call, so each sample is uniform whatever the previous ones were.
     */
    private static int[] sample(int[] index, int k, SplittableRandom rnd) {
        for (int i = 0; i < k; i++) {
            final int j = i + rnd.nextInt(index.length - i);
            final int tmp = index[i];
            index[i] = index[j];
            index[j] = tmp;
        }
        return Arrays.copyOf(index, k);
    }

    /** Grows one tree over a sample, partitioning the sample's indices in place. */
    private static final class TreeGrower {

        private final double[][] rows;
        private final boolean[] usable;
        private final int depthLimit;
        private final SplittableRandom rnd;
        private final int[] candidates;
        private final double[] min;
        private final double[] max;
        private int[] feature;
        private double[] threshold;
        private int[] left;
        private int[] right;
        private double[] pathLength;
        private int nodes;

        TreeGrower(double[][] rows, boolean[] usable, int depthLimit, SplittableRandom rnd) {
            this.rows = rows;
            this.usable = usable;
            this.depthLimit = depthLimit;
            this.rnd = rnd;
            this.candidates = new int[usable.length];
            this.min = new double[usable.length];
            this.max = new double[usable.length];
        }

        IsolationForestModel.Tree grow(int[] sample) {
            final int capacity = 2 * sample.length - 1; // a binary tree with at most sample.length leaves
            feature = new int[capacity];
            threshold = new double[capacity];
            left = new int[capacity];
            right = new int[capacity];
            pathLength = new double[capacity];
            nodes = 1;
            // explicit stack of (node, from, to, depth): no recursion, whatever the depth limit
            final int[][] stack = new int[capacity][];
            int top = 0;
            stack[top++] = new int[] {0, 0, sample.length, 0};
            while (top > 0) {
                final int[] job = stack[--top];
                final int mid = split(job[0], sample, job[1], job[2], job[3]);
                if (mid >= 0) {
                    stack[top++] = new int[] {right[job[0]], mid, job[2], job[3] + 1};
                    stack[top++] = new int[] {left[job[0]], job[1], mid, job[3] + 1};
                }
            }
            return new IsolationForestModel.Tree(Arrays.copyOf(feature, nodes), Arrays.copyOf(threshold, nodes),
                    Arrays.copyOf(left, nodes), Arrays.copyOf(right, nodes), Arrays.copyOf(pathLength, nodes));
        }

        /**
         * Makes {@code node} a split over {@code sample[from, to)} and returns where its right part
         * starts, or makes it a leaf and returns -1.
         */
        private int split(int node, int[] sample, int from, int to, int depth) {
            final int size = to - from;
            final int n = size <= 1 || depth >= depthLimit ? 0 : varyingFeatures(sample, from, to);
            if (n == 0) {
                feature[node] = IsolationForestModel.Tree.LEAF;
                left[node] = IsolationForestModel.Tree.LEAF;
                right[node] = IsolationForestModel.Tree.LEAF;
                pathLength[node] = depth + IsolationForest.averagePathLength(size);
                return -1;
            }
            final int f = candidates[rnd.nextInt(n)];
            double t = min[f] + rnd.nextDouble() * (max[f] - min[f]);
            if (!(t > min[f])) {
                t = Math.nextUp(min[f]); // keeps min on the left: both sides are non-empty
            }
            t = Math.min(t, max[f]); // rounding must not push max to the left
            int mid = from;
            for (int k = from; k < to; k++) {
                if (rows[sample[k]][f] < t) {
                    final int tmp = sample[mid];
                    sample[mid++] = sample[k];
                    sample[k] = tmp;
                }
            }
            feature[node] = f;
            threshold[node] = t;
            left[node] = nodes;
            right[node] = nodes + 1;
            nodes += 2;
            return mid;
        }

        /** Fills {@code candidates} with the usable features that vary in the rows; returns how many. */
        private int varyingFeatures(int[] sample, int from, int to) {
            final double[] first = rows[sample[from]];
            System.arraycopy(first, 0, min, 0, min.length);
            System.arraycopy(first, 0, max, 0, max.length);
            for (int k = from + 1; k < to; k++) {
                final double[] row = rows[sample[k]];
                for (int i = 0; i < row.length; i++) {
                    min[i] = Math.min(min[i], row[i]);
                    max[i] = Math.max(max[i], row[i]);
                }
            }
            int n = 0;
            for (int i = 0; i < usable.length; i++) {
                if (usable[i] && max[i] > min[i]) {
                    candidates[n++] = i;
                }
            }
            return n;
        }
    }
}
