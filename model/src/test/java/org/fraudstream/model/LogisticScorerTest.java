package org.fraudstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.Reason;
import org.junit.jupiter.api.Test;

class LogisticScorerTest {

    private static final int DOMINANT = FeaturesV1.NAMES.indexOf("acct_log_amount_to_mean");

    private static LogisticModel modelWithDominant() {
        final double[] w = new double[FeaturesV1.SIZE];
        Arrays.fill(w, 0.2);
        w[DOMINANT] = 3.0;
        final double[] scale = new double[FeaturesV1.SIZE];
        Arrays.fill(scale, 1.0);
        return new LogisticModel(w, -2.0, new double[FeaturesV1.SIZE], scale);
    }

    @Test
    void shouldNameTheDominantFeatureFirstWhenItContributesMost() {
        final double[] x = new double[FeaturesV1.SIZE];
        Arrays.fill(x, 1.0);
        x[DOMINANT] = 2.0;

        final Score score = new LogisticScorer(modelWithDominant(), "v1", 0.5).score(x);

        assertThat(score.reasons()).hasSize(3);
        assertThat(score.reasons().get(0)).isEqualTo(new Reason("sgd", "acct_log_amount_to_mean", 6.0));
        assertThat(score.reasons()).extracting(Reason::contribution).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void shouldScoreExactlyAsTheModel() {
        final LogisticModel m = TestModels.varied();
        final LogisticScorer scorer = new LogisticScorer(m, "v1", 0.5);
        for (int k = 0; k < 20; k++) {
            final double[] x = TestModels.vector(k);
            assertThat(scorer.score(x).value()).isEqualTo(m.probability(x));
        }
    }

    @Test
    void shouldGiveTheThreeLargestPositiveContributionsInOrder() {
        final LogisticModel m = TestModels.varied();
        final double[] x = TestModels.vector(2.5);
        final double[] expected = java.util.stream.IntStream.range(0, FeaturesV1.SIZE)
                .mapToDouble(i -> m.contribution(x, i)).filter(c -> c > 0)
                .boxed().sorted((a, b) -> Double.compare(b, a)).limit(3).mapToDouble(Double::doubleValue).toArray();

        final Score score = new LogisticScorer(m, "v1", 0.5).score(x);

        assertThat(score.reasons()).extracting(Reason::contribution)
                .containsExactly(Arrays.stream(expected).boxed().toArray(Double[]::new));
        assertThat(score.reasons()).allSatisfy(r -> assertThat(r.model()).isEqualTo("sgd"));
    }

    @Test
    void shouldGiveNoReasonsWhenNothingPushesTheScoreUp() {
        final double[] scale = new double[FeaturesV1.SIZE];
        Arrays.fill(scale, 1.0);
        final LogisticModel zero = new LogisticModel(new double[FeaturesV1.SIZE], 0.0, new double[FeaturesV1.SIZE],
                scale);
        assertThat(new LogisticScorer(zero, "v1", 0.5).score(TestModels.vector(1)).reasons()).isEmpty();
    }

    @Test
    void shouldRejectVectorOfWrongLength() {
        final LogisticScorer scorer = new LogisticScorer(TestModels.varied(), "v1", 0.5);
        assertThatThrownBy(() -> scorer.score(new double[5])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected " + FeaturesV1.SIZE);
    }

    @Test
    void shouldRejectThresholdOutsideUnitInterval() {
        assertThatThrownBy(() -> new LogisticScorer(TestModels.varied(), "v1", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
    }
}
