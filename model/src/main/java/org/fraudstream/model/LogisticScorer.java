package org.fraudstream.model;

import java.util.List;
import java.util.Objects;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.Reason;

/**
 * {@link Scorer} of a {@link LogisticModel}: the score is the fraud probability; the reasons are the
 * (at most) three largest positive contributions {@code weights[i] * z[i]} to the log-odds.
 *
 * <p>Immutable and thread-safe. Per call it allocates only the {@link Score}, its list and the
 * {@link Reason}s; the top three are kept in locals rather than sorted.
 */
public final class LogisticScorer implements Scorer {

    /** The model name in reason codes. */
    public static final String MODEL_NAME = "sgd";

    private final double[] weights;
    private final double[] mean;
    private final double[] scale;
    private final double bias;
    private final String[] names;
    private final String modelVersion;
    private final double threshold;

    /** A scorer over FEATURES_V1 vectors. */
    public LogisticScorer(LogisticModel model, String modelVersion, double threshold) {
        this(model, FeaturesV1.NAMES, modelVersion, threshold);
    }

    public LogisticScorer(LogisticModel model, List<String> featureNames, String modelVersion, double threshold) {
        Objects.requireNonNull(model, "model");
        if (featureNames.size() != model.size()) {
            throw new IllegalArgumentException("model has " + model.size() + " weights but " + featureNames.size()
                    + " feature names were given");
        }
        if (!(threshold >= 0.0 && threshold <= 1.0)) { // also rejects NaN
            throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
        }
        this.weights = model.weights();
        this.mean = model.mean();
        this.scale = model.scale();
        this.bias = model.bias();
        this.names = featureNames.toArray(String[]::new);
        this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
        this.threshold = threshold;
    }

    @Override
    public Score score(double[] features) {
        if (features.length != weights.length) {
            throw new IllegalArgumentException("expected " + weights.length + " features, got " + features.length);
        }
        double z = bias;
        int i1 = -1;
        int i2 = -1;
        int i3 = -1;
        double c1 = 0.0;
        double c2 = 0.0;
        double c3 = 0.0;
        for (int i = 0; i < weights.length; i++) {
            final double c = weights[i] * ((features[i] - mean[i]) / scale[i]);
            z += c;
            if (c <= c3 || !(c > 0.0)) {
                continue; // not among the top three positive ones (ties keep the earlier feature)
            }
            if (c > c2) {
                i3 = i2;
                c3 = c2;
                if (c > c1) {
                    i2 = i1;
                    c2 = c1;
                    i1 = i;
                    c1 = c;
                } else {
                    i2 = i;
                    c2 = c;
                }
            } else {
                i3 = i;
                c3 = c;
            }
        }
        return new Score(LogisticModel.sigmoid(z), reasons(i1, c1, i2, c2, i3, c3));
    }

    private List<Reason> reasons(int i1, double c1, int i2, double c2, int i3, double c3) {
        if (i1 < 0) {
            return List.of();
        }
        if (i2 < 0) {
            return List.of(reason(i1, c1));
        }
        if (i3 < 0) {
            return List.of(reason(i1, c1), reason(i2, c2));
        }
        return List.of(reason(i1, c1), reason(i2, c2), reason(i3, c3));
    }

    private Reason reason(int i, double c) {
        return new Reason(MODEL_NAME, names[i], c);
    }

    @Override
    public String modelVersion() {
        return modelVersion;
    }

    @Override
    public double threshold() {
        return threshold;
    }
}
