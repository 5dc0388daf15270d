package org.fraudstream.model;

import java.util.List;

/**
 * The JSON form of a {@link LogisticModel} ({@code sgd.json}). The feature names travel beside the
 * weights so that a reordering can never pair a weight with the wrong feature.
 */
record SgdFile(String format, List<String> featureNames, double[] weights, Double bias, double[] mean,
        double[] scale) {

    static final String FORMAT = "logistic_v1";

    static SgdFile of(LogisticModel m, List<String> names) {
        return new SgdFile(FORMAT, names, m.weights(), m.bias(), m.mean(), m.scale());
    }
}
