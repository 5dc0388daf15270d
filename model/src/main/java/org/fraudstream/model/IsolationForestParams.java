package org.fraudstream.model;

/**
 * Parameters of {@link IsolationForestTrainer}.
 *
 * @param numTrees   trees in the forest
 * @param subsample  rows drawn (without replacement) for each tree; fewer when the data has fewer
 * @param maxDepth   depth at which a tree stops splitting; {@code <= 0} means automatic:
 *                   {@code ceil(log2(sample size))}, the average depth of an unsuccessful search
 * @param seed       seed of the row samples, features and thresholds; the same seed gives the same forest
 */
public record IsolationForestParams(int numTrees, int subsample, int maxDepth, long seed) {

    public static final int DEFAULT_NUM_TREES = 100;
    public static final int DEFAULT_SUBSAMPLE = 256;

    public IsolationForestParams {
        if (numTrees < 1) {
            throw new IllegalArgumentException("numTrees must be >= 1, was " + numTrees);
        }
        if (subsample < 2) {
            throw new IllegalArgumentException("subsample must be >= 2, was " + subsample);
        }
    }

    /** The defaults of Liu, Ting and Zhou: 100 trees of 256 rows, automatic depth. */
    public static IsolationForestParams defaults(long seed) {
        return new IsolationForestParams(DEFAULT_NUM_TREES, DEFAULT_SUBSAMPLE, 0, seed);
    }

    public IsolationForestParams withNumTrees(int n) {
        return new IsolationForestParams(n, subsample, maxDepth, seed);
    }

    public IsolationForestParams withSubsample(int n) {
        return new IsolationForestParams(numTrees, n, maxDepth, seed);
    }

    public IsolationForestParams withSeed(long newSeed) {
        return new IsolationForestParams(numTrees, subsample, maxDepth, newSeed);
    }

    /** The depth limit for trees grown from {@code sampleSize} rows. */
    public int depthLimit(int sampleSize) {
        if (maxDepth > 0) {
            return maxDepth;
        }
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(sampleSize - 1)); // ceil(log2(sampleSize))
    }
}
