package org.fraudstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.fraudstream.contract.FeaturesV1;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SgdTrainerTest {

    private static Synthetic train;
    private static Synthetic heldOut;

    @BeforeAll
    static void data() {
        final Synthetic all = Synthetic.generate(24_000, 7L);
        train = all.rows(0, 16_000);
        heldOut = all.rows(16_000, 24_000);
    }

    private static LogisticModel fit(long seed, int... excluded) {
        return new SgdTrainer(SgdParams.defaults(seed).withEpochs(3)).fit(train.x, train.y, excluded);
    }

    @Test
    void shouldRankHeldOutFraudWellWhenProblemIsSeparable() {
        assertThat(train.positives()).as("the test data needs a fraud minority").isBetween(100L, 4_000L);

        final LogisticModel m = fit(42L);

        assertThat(Metrics.rocAuc(heldOut.scores(m), heldOut.y)).isGreaterThan(0.9);
        assertThat(m.weights()[Synthetic.STRONG]).isGreaterThan(m.weights()[Synthetic.WEAK]).isGreaterThan(0.0);
    }

    @Test
    void shouldGiveIdenticalWeightsWhenSeedIsTheSame() {
        assertThat(fit(42L)).isEqualTo(fit(42L));
    }

    @Test
    void shouldStillLearnWhenSeedDiffers() {
        // a different seed shuffles differently: weights may differ, quality must not
        final LogisticModel other = fit(4242L);
        assertThat(Metrics.rocAuc(heldOut.scores(other), heldOut.y)).isGreaterThan(0.9);
    }

    @Test
    void shouldKeepStandardizationOfTheInput() {
        final LogisticModel m = fit(42L);
        // column i was generated with mean 3i and standard deviation i+1
        for (int i = 0; i < FeaturesV1.SIZE; i++) {
            assertThat(m.mean()[i]).isCloseTo(3.0 * i, org.assertj.core.api.Assertions.within(0.1 * (i + 1)));
            assertThat(m.scale()[i]).isCloseTo(i + 1.0, org.assertj.core.api.Assertions.within(0.05 * (i + 1)));
        }
    }

    @Test
    void shouldGiveExcludedFeaturesWeightZero() {
        final LogisticModel m = fit(42L, Synthetic.WEAK, 0);

        assertThat(m.weights()[Synthetic.WEAK]).isZero();
        assertThat(m.weights()[0]).isZero();
        assertThat(m.weights()[Synthetic.STRONG]).isGreaterThan(0.0);
    }

    @Test
    void shouldReportProgressUpToAllExamplesOfAllEpochs() {
        final List<Long> seen = new ArrayList<>();
        new SgdTrainer(SgdParams.defaults(1L).withEpochs(2)).fit(train.x, train.y, new int[0], seen::add);

        assertThat(seen).hasSizeGreaterThan(5).isSorted();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(2L * train.x.length);
    }

    @Test
    void shouldLearnWithMinibatchesToo() {
        final List<Long> seen = new ArrayList<>();
        final LogisticModel m = new SgdTrainer(new SgdParams(3, 0.1, 16, 42L, 0.0))
                .fit(train.x, train.y, new int[0], seen::add);

        assertThat(Metrics.rocAuc(heldOut.scores(m), heldOut.y)).isGreaterThan(0.9);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(3L * train.x.length);
    }

    @Test
    void shouldComputeAutomaticPositiveWeightCappedAtOneHundred() {
        final SgdTrainer auto = new SgdTrainer(SgdParams.defaults(1L));
        assertThat(auto.positiveWeight(new boolean[] {true, false, false, false})).isEqualTo(3.0);
        final boolean[] rare = new boolean[1000];
        rare[0] = true;
        assertThat(auto.positiveWeight(rare)).isEqualTo(100.0);
    }

    @Test
    void shouldRejectDataWithOneClass() {
        final SgdTrainer t = new SgdTrainer(SgdParams.defaults(1L));
        assertThatThrownBy(() -> t.fit(new double[][] {{1}, {2}}, new boolean[2], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both classes");
    }
}
