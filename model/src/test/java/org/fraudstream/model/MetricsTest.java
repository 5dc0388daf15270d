package org.fraudstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final double[] SCORES = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};

    @Test
    void shouldGiveRocAucOneWhenRankingIsPerfect() {
        assertThat(Metrics.rocAuc(SCORES, new boolean[] {true, true, false, false, false, false})).isEqualTo(1.0);
    }

    @Test
    void shouldGiveRocAucZeroWhenRankingIsReversed() {
        assertThat(Metrics.rocAuc(SCORES, new boolean[] {false, false, false, false, true, true})).isEqualTo(0.0);
    }

    @Test
    void shouldCountTiesAsOneHalfWhenComputingRocAuc() {
        // one fraud and one legit with the same score, plus a clearly ranked pair
        final double[] s = {0.5, 0.5, 0.9, 0.1};
        final boolean[] y = {true, false, true, false};
        // pairs: (0.5f,0.5l)=0.5, (0.5f,0.1l)=1, (0.9f,0.5l)=1, (0.9f,0.1l)=1 -> 3.5 / 4
        assertThat(Metrics.rocAuc(s, y)).isCloseTo(0.875, within(1e-12));
    }

    @Test
    void shouldBeNaNWhenOneClassIsMissing() {
        assertThat(Metrics.rocAuc(SCORES, new boolean[6])).isNaN();
        assertThat(Metrics.prAuc(SCORES, new boolean[6])).isNaN();
    }

    @Test
    void shouldMatchHandComputedAveragePrecision() {
        // ranks 1..6 labelled F L F L L F: precision at each fraud 1/1, 2/3, 3/6; recall steps of 1/3
        final boolean[] y = {true, false, true, false, false, true};
        assertThat(Metrics.prAuc(SCORES, y)).isCloseTo((1.0 + 2.0 / 3.0 + 0.5) / 3.0, within(1e-12));
    }

    @Test
    void shouldGiveAveragePrecisionOneWhenRankingIsPerfect() {
        assertThat(Metrics.prAuc(SCORES, new boolean[] {true, true, false, false, false, false})).isEqualTo(1.0);
    }

    @Test
    void shouldTreatTiedScoresAsOneThresholdInAveragePrecision() {
        // both at 0.5: one step to recall 1 at precision 1/2, whatever the input order
        assertThat(Metrics.prAuc(new double[] {0.5, 0.5}, new boolean[] {true, false})).isEqualTo(0.5);
        assertThat(Metrics.prAuc(new double[] {0.5, 0.5}, new boolean[] {false, true})).isEqualTo(0.5);
    }

    @Test
    void shouldPickTheSmallestThresholdWithinBudget() {
        final double[] s = new double[1000];
        for (int i = 0; i < s.length; i++) {
            s[i] = i / 1000.0;
        }
        // 0.005 * 1000 = 5 alerts: 0.995 .. 0.999
        assertThat(Metrics.thresholdForBudget(s, 0.005)).isEqualTo(0.995);
        assertThat(Metrics.countAtOrAbove(s, Metrics.thresholdForBudget(s, 0.005))).isEqualTo(5);
        // ceil(0.0051 * 1000) = 6
        assertThat(Metrics.thresholdForBudget(s, 0.0051)).isEqualTo(0.994);
        assertThat(Metrics.thresholdForBudget(s, 1.0)).isEqualTo(0.0);
    }

    @Test
    void shouldStayWithinBudgetWhenScoresTieAtTheCut() {
        final double[] s = {0.1, 0.2, 0.7, 0.7, 0.7, 0.9};
        // budget of 2 alerts: 0.7 would alert 4, so only 0.9 qualifies
        final double t = Metrics.thresholdForBudget(s, 2.0 / 6.0);
        assertThat(t).isEqualTo(0.9);
        assertThat(Metrics.countAtOrAbove(s, t)).isEqualTo(1);
    }

    @Test
    void shouldAlertOnNothingWhenBudgetIsZero() {
        final double t = Metrics.thresholdForBudget(SCORES, 0.0);
        assertThat(t).isGreaterThan(0.9);
        assertThat(Metrics.countAtOrAbove(SCORES, t)).isZero();
    }

    @Test
    void shouldRejectBudgetOutsideUnitInterval() {
        assertThatThrownBy(() -> Metrics.thresholdForBudget(SCORES, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget");
    }

    @Test
    void shouldComputePrecisionAndRecallAtThreshold() {
        final boolean[] y = {true, false, true, false, false, true};
        // alerts: 0.9, 0.8, 0.7 -> 2 frauds of 3 alerts, 2 of 3 frauds
        assertThat(Metrics.precisionRecallAt(SCORES, y, 0.7)).containsExactly(2.0 / 3.0, 2.0 / 3.0);
        assertThat(Metrics.precisionRecallAt(SCORES, y, 0.95)).containsExactly(0.0, 0.0);
    }
}
