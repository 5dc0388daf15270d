package org.fraudstream.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON form of a trained isolation forest ({@value #FORMAT}): the feature names, the per-tree
 * sample size that normalises path lengths, and the trees as flat node arrays. Scoring is done by
 * {@link IsolationForest}, built from a model.
 *
 * <p>The constructor checks everything scoring relies on (array lengths, feature and child indices,
 * finite numbers) and says which tree and node is wrong. Children come after their parent and
 * have only that one, so every walk from a root ends at a leaf.
 *
 * @param format        always {@value #FORMAT}
 * @param featureNames  the order of the vectors the forest scores
 * @param sampleSize    rows each tree was grown from; {@code c(sampleSize)} normalises the score
 * @param trees         at least one tree
 */
public record IsolationForestModel(String format, List<String> featureNames, int sampleSize, List<Tree> trees) {

    public static final String FORMAT = "iforest-v1";

    public IsolationForestModel {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format is " + format + ", expected " + FORMAT);
        }
        featureNames = Checks.featureNames(featureNames);
        if (sampleSize < 2) {
            throw new IllegalArgumentException("sampleSize must be >= 2, was " + sampleSize);
        }
        Checks.required("trees", trees);
        if (trees.isEmpty()) {
            throw new IllegalArgumentException("trees must not be empty");
        }
        for (int t = 0; t < trees.size(); t++) {
            Checks.required("trees[" + t + "]", trees.get(t)).check("trees[" + t + "]", featureNames.size());
        }
        trees = List.copyOf(trees);
    }

    /** A model of the current format. */
    public IsolationForestModel(List<String> featureNames, int sampleSize, List<Tree> trees) {
        this(FORMAT, featureNames, sampleSize, trees);
    }

    public static IsolationForestModel read(Path file) throws ModelLoadException {
        return JsonFiles.read(file, IsolationForestModel.class);
    }

    public void write(Path file) throws IOException {
        JsonFiles.write(file, this);
    }

    /** Number of features of the vectors scored. */
    public int size() {
        return featureNames.size();
    }

    @Override
    public String toString() {
        return "IsolationForestModel[" + trees.size() + " trees, sampleSize=" + sampleSize + ", features="
                + featureNames + "]";
    }

    /**
     * One tree; node 0 is the root. A split node {@code n} sends {@code x} to {@code left[n]} when
     * {@code x[feature[n]] < threshold[n]}, else (NaN too) to {@code right[n]}. A leaf has
     * {@code feature == left == right == -1} and credits {@code pathLength[n]}, its depth plus
     * {@code c(rows that reached it)}, to the vectors that end there. {@code threshold} is 0 at
     * leaves and {@code pathLength} is 0 at split nodes.
     */
    public record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] pathLength) {

        public static final int LEAF = -1;

        public Tree {
            feature = copy(feature);
            threshold = copy(threshold);
            left = copy(left);
            right = copy(right);
            pathLength = copy(pathLength);
        }

        /** Number of nodes. */
        public int size() {
            return feature.length;
        }

        void check(String name, int d) {
            Checks.required(name + ".feature", feature);
            Checks.required(name + ".threshold", threshold);
            Checks.required(name + ".left", left);
            Checks.required(name + ".right", right);
            Checks.required(name + ".pathLength", pathLength);
            final int n = feature.length;
            if (n == 0) {
                throw new IllegalArgumentException(name + " has no nodes");
            }
            if (threshold.length != n || left.length != n || right.length != n || pathLength.length != n) {
                throw new IllegalArgumentException(name + ": feature, threshold, left, right and pathLength must have"
                        + " one entry per node, had " + n + ", " + threshold.length + ", " + left.length + ", "
                        + right.length + ", " + pathLength.length);
            }
            Checks.requireFinite(name + ".threshold", threshold);
            Checks.requireFinite(name + ".pathLength", pathLength);
            final boolean[] hasParent = new boolean[n];
            for (int k = 0; k < n; k++) {
                checkNode(name, k, d);
                if (feature[k] != LEAF) {
                    claim(name, hasParent, left[k], k);
                    claim(name, hasParent, right[k], k);
                }
            }
        }

        private static void claim(String name, boolean[] hasParent, int child, int parent) {
            if (hasParent[child]) {
                throw new IllegalArgumentException(name + " node " + parent + ": child " + child
                        + " already has a parent (each node has one)");
            }
            hasParent[child] = true;
        }

        private void checkNode(String name, int k, int d) {
            final String at = name + " node " + k;
            if (feature[k] == LEAF) {
                if (left[k] != LEAF || right[k] != LEAF) {
                    throw new IllegalArgumentException(at + " is a leaf (feature -1) but has children " + left[k]
                            + " and " + right[k] + " (expected -1 and -1)");
                }
                if (pathLength[k] < 0.0) {
                    throw new IllegalArgumentException(at + ": pathLength must be >= 0, was " + pathLength[k]);
                }
                return;
            }
            if (feature[k] < 0 || feature[k] >= d) {
                throw new IllegalArgumentException(at + ": feature " + feature[k] + " is outside [0, " + d
                        + ") (or -1 for a leaf)");
            }
            checkChild(at + ": left child", left[k], k, feature.length);
            checkChild(at + ": right child", right[k], k, feature.length);
        }

        private static void checkChild(String what, int child, int parent, int n) {
            if (child <= parent || child >= n) {
                throw new IllegalArgumentException(what + " " + child + " is out of range [" + (parent + 1) + ", "
                        + n + ") (children come after their parent)");
            }
        }

        @Override
        public int[] feature() {
            return feature.clone();
        }

        @Override
        public double[] threshold() {
            return threshold.clone();
        }

        @Override
        public int[] left() {
            return left.clone();
        }

        @Override
        public int[] right() {
            return right.clone();
        }

        @Override
        public double[] pathLength() {
            return pathLength.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tree t && Arrays.equals(feature, t.feature) && Arrays.equals(threshold, t.threshold)
                    && Arrays.equals(left, t.left) && Arrays.equals(right, t.right)
                    && Arrays.equals(pathLength, t.pathLength);
        }

        @Override
        public int hashCode() {
            int h = Arrays.hashCode(feature);
            h = 31 * h + Arrays.hashCode(threshold);
            h = 31 * h + Arrays.hashCode(left);
            h = 31 * h + Arrays.hashCode(right);
            return 31 * h + Arrays.hashCode(pathLength);
        }

        @Override
        public String toString() {
            return "Tree[" + feature.length + " nodes]";
        }

        private static int[] copy(int[] a) {
            return a == null ? null : a.clone();
        }

        private static double[] copy(double[] a) {
            return a == null ? null : a.clone();
        }
    }
}
