package org.fraudstream.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fraudstream.contract.FeaturesV1;

/**
 * What the model was trained on, as the yardstick of drift ({@code reference.json} in a bundle):
 * per FEATURES_V1 feature, quantile bins of the training rows and their shares; for the score, fixed
 * bins on [0, 1] and the shares of the validation rows' scores (scores of rows the members were
 * trained on would look better than any live traffic). The scoring app compares a live window
 * against it (population stability index, {@link DriftBins#psi}).
 *
 * @param format          {@value #FORMAT}
 * @param featuresVersion FEATURES_V1's version at training time
 * @param featuresHash    FEATURES_V1's hash at training time; must equal the manifest's
 * @param featureRows     training rows the feature bins were counted over
 * @param scoreRows       validation rows the score bins were counted over
 * @param features        one per FEATURES_V1 feature, in its order, named after it
 * @param score           the score's bins, named {@value #SCORE}
 */
public record DriftReference(String format, String featuresVersion, String featuresHash, long featureRows,
                             long scoreRows, List<DriftBins> features, DriftBins score) {

    public static final String FORMAT = "drift_reference_v1";
    /** The name of the score's bins (and its {@code feature} label in {@code drift_psi}). */
    public static final String SCORE = "score";
    /** Quantile bins per feature. */
    public static final int FEATURE_BINS = 10;
    private static final double[] SCORE_EDGES = makeScoreEdges();

    public DriftReference {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format is " + format + ", expected " + FORMAT);
        }
        Objects.requireNonNull(featuresVersion, "featuresVersion");
        Objects.requireNonNull(featuresHash, "featuresHash");
        Objects.requireNonNull(score, "score");
        features = List.copyOf(Objects.requireNonNull(features, "features"));
        if (!SCORE.equals(score.name())) {
            throw new IllegalArgumentException("the score's bins are named " + score.name() + ", expected " + SCORE);
        }
        if (featureRows < 1 || scoreRows < 1) {
            throw new IllegalArgumentException("featureRows and scoreRows must be >= 1, were " + featureRows + " and "
                    + scoreRows);
        }
    }

    /**
     * The reference of {@code trainingRows} (FEATURES_V1 vectors) and {@code validationScores}.
     *
     * @throws IllegalArgumentException when there are no rows or scores, or a row is not a FEATURES_V1 vector
     */
    public static DriftReference of(double[][] trainingRows, double[] validationScores) {
        if (trainingRows.length == 0) {
            throw new IllegalArgumentException("no training rows for the drift reference");
        }
        final List<DriftBins> bins = new ArrayList<>(FeaturesV1.SIZE);
        final double[] column = new double[trainingRows.length];
        for (int j = 0; j < FeaturesV1.SIZE; j++) {
            for (int r = 0; r < trainingRows.length; r++) {
                if (trainingRows[r].length != FeaturesV1.SIZE) {
                    throw new IllegalArgumentException("row " + r + " has " + trainingRows[r].length
                            + " features, FEATURES_V1 has " + FeaturesV1.SIZE);
                }
                column[r] = trainingRows[r][j];
            }
            bins.add(DriftBins.quantiles(FeaturesV1.NAMES.get(j), column, FEATURE_BINS));
        }
        return new DriftReference(FORMAT, FeaturesV1.VERSION, FeaturesV1.HASH, trainingRows.length,
                validationScores.length, bins, DriftBins.fixed(SCORE, SCORE_EDGES, validationScores));
    }

    /**
     * Checks that this reference describes the features of {@code manifest} (and so of this build).
     *
     * @throws IllegalArgumentException naming the mismatch
     */
    public void check(BundleManifest manifest) {
        if (!featuresVersion.equals(manifest.featuresVersion()) || !featuresHash.equals(manifest.featuresHash())) {
            throw new IllegalArgumentException("made for features " + featuresVersion + " " + featuresHash
                    + ", the manifest says " + manifest.featuresVersion() + " " + manifest.featuresHash());
        }
        final List<String> names = features.stream().map(DriftBins::name).toList();
        if (!manifest.featureNames().equals(names)) {
            throw new IllegalArgumentException("its features " + names + " differ from the manifest's "
                    + manifest.featureNames());
        }
    }

    /**
     * Upper edges of the score bins: finer near 0, where nearly all scores of a rare-fraud stream
     * fall, then 0.05 wide.
     */
    public static double[] scoreEdges() {
        return SCORE_EDGES.clone();
    }

    private static double[] makeScoreEdges() {
        final double[] low = {0.001, 0.0025, 0.005, 0.01, 0.025};
        final double[] edges = new double[low.length + 19];
        System.arraycopy(low, 0, edges, 0, low.length);
        for (int k = 1; k <= 19; k++) {
            edges[low.length + k - 1] = k / 20.0;
        }
        return edges;
    }
}
