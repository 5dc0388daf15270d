package org.fraudstream.scoring;

import java.util.List;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.Reason;
import org.fraudstream.model.Score;
import org.fraudstream.model.Scorer;

/**
 * A scorer whose score is the {@code log_amount} feature, so tests know exactly which events reach
 * the threshold; {@code failAbove} makes it throw, to exercise the processing-error path.
 */
final class AmountScorer implements Scorer {

    private static final int LOG_AMOUNT = FeaturesV1.NAMES.indexOf("log_amount");

    private final double thresholdAmount;
    private final double failAbove;
    private final String version;

    AmountScorer(double thresholdAmount, String version) {
        this(thresholdAmount, Double.POSITIVE_INFINITY, version);
    }

    AmountScorer(double thresholdAmount, double failAbove, String version) {
        this.thresholdAmount = thresholdAmount;
        this.failAbove = failAbove;
        this.version = version;
    }

    @Override
    public Score score(double[] features) {
        if (features[LOG_AMOUNT] > StrictMath.log1p(failAbove)) {
            throw new IllegalStateException("amount too large for this test scorer");
        }
        return new Score(features[LOG_AMOUNT], List.of(new Reason("test", "log_amount", features[LOG_AMOUNT])));
    }

    @Override
    public String modelVersion() {
        return version;
    }

    @Override
    public double threshold() {
        return StrictMath.log1p(thresholdAmount);
    }
}
