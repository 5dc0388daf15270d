package org.fraudstream.updater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.model.LogisticModel;
import org.junit.jupiter.api.Test;

class OnlineSgdTest {

    private static final OnlineSgd SGD = new OnlineSgd(OnlineSgdParams.defaults(), new int[0]);

    @Test
    void shouldLowerTheHeldOutLogLossWhenFittedOnALearnableBatch() {
        final TestData batch = TestData.generate(256, 0.2, 1);
        final TestData heldOut = TestData.generate(2000, 0.2, 2);
        final LogisticModel start = TestData.untrained();

        final OnlineSgd.Fitted fit = (OnlineSgd.Fitted) SGD.partialFit(start, batch.x, batch.y);

        assertThat(heldOut.balancedLogLoss(start)).isEqualTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(heldOut.balancedLogLoss(fit.model())).isLessThan(heldOut.balancedLogLoss(start) - 0.05);
        assertThat(fit.model().weights()[TestData.SIGNAL]).as("the deciding feature gains weight").isPositive();
        assertThat(fit.labels()).isEqualTo(256);
        assertThat(fit.meanLoss()).isBetween(0.0, Math.log(2) + 1e-9);
    }

    @Test
    void shouldKeepImprovingWhenFittedBatchAfterBatch() {
        LogisticModel m = TestData.untrained();
        final TestData heldOut = TestData.generate(2000, 0.2, 99);
        double previous = heldOut.balancedLogLoss(m);
        for (int b = 0; b < 5; b++) {
            final TestData batch = TestData.generate(256, 0.2, 10 + b);
            m = ((OnlineSgd.Fitted) SGD.partialFit(m, batch.x, batch.y)).model();
            final double loss = heldOut.balancedLogLoss(m);
            assertThat(loss).as("after batch %d", b).isLessThan(previous);
            previous = loss;
        }
    }

    @Test
    void shouldSkipAndSaySoWhenTheBatchHasOneClassOnly() {
        final TestData batch = TestData.generate(256, 0.0, 3);

        final OnlineSgd.FitResult result = SGD.partialFit(TestData.untrained(), batch.x, batch.y);

        assertThat(result).isEqualTo(
                new OnlineSgd.Skipped(OnlineSgd.Cause.SINGLE_CLASS, "single class: 256 legit, 0 fraud"));
        assertThat(SGD.partialFit(TestData.untrained(), batch.x, batch.flipped().y))
                .isEqualTo(new OnlineSgd.Skipped(OnlineSgd.Cause.SINGLE_CLASS, "single class: 0 legit, 256 fraud"));
        assertThat(SGD.partialFit(TestData.untrained(), batch.x, batch.y, 0))
                .isEqualTo(new OnlineSgd.Skipped(OnlineSgd.Cause.EMPTY, "empty batch"));
    }

    @Test
    void shouldKeepExcludedFeaturesAtZeroWhenTheyCarryTheLabel() {
        final int[] frozen = OnlineSgd.frozenIndices(FeaturesV1.NAMES, List.of("orig_drained"));
        final OnlineSgd sgd = new OnlineSgd(OnlineSgdParams.defaults().withEpochs(5), frozen);
        final TestData batch = TestData.generate(512, 0.3, 4);

        final LogisticModel fitted = fit(sgd, batch);
        final LogisticModel free = fit(new OnlineSgd(OnlineSgdParams.defaults().withEpochs(5), new int[0]), batch);

        assertThat(frozen).containsExactly(TestData.EXCLUDED);
        assertThat(fitted.weights()[TestData.EXCLUDED]).isEqualTo(0.0);
        assertThat(free.weights()[TestData.EXCLUDED]).as("the same fit without the freeze learns it").isPositive();
        assertThat(fitted.weights()[TestData.SIGNAL]).isPositive();
    }

    private static LogisticModel fit(OnlineSgd sgd, TestData batch) {
        return ((OnlineSgd.Fitted) sgd.partialFit(TestData.untrained(), batch.x, batch.y)).model();
    }

    @Test
    void shouldGiveTheSameBitsWhenFittedTwice() {
        final TestData batch = TestData.generate(300, 0.1, 5);

        final OnlineSgd.FitResult a = SGD.partialFit(TestData.untrained(), batch.x, batch.y);
        final OnlineSgd.FitResult b = new OnlineSgd(OnlineSgdParams.defaults(), new int[0])
                .partialFit(TestData.untrained(), batch.x.clone(), batch.y.clone());

        assertThat(a).isEqualTo(b);
    }

    @Test
    void shouldWeighFraudByTheBatchRatioCappedWhenAutomatic() {
        final TestData batch = TestData.generate(1000, 0.2, 6);
        final boolean[] oneFraud = new boolean[1000];
        oneFraud[7] = true;

        final double ratio = ((OnlineSgd.Fitted) SGD.partialFit(TestData.untrained(), batch.x, batch.y))
                .positiveWeight();
        final double capped = ((OnlineSgd.Fitted) SGD.partialFit(TestData.untrained(), batch.x, oneFraud))
                .positiveWeight();
        final double fixed = ((OnlineSgd.Fitted) new OnlineSgd(new OnlineSgdParams(0.05, 0, 1, 32, 7.0, 100), null)
                .partialFit(TestData.untrained(), batch.x, batch.y)).positiveWeight();

        final long frauds = java.util.stream.IntStream.range(0, 1000).filter(i -> batch.y[i]).count();
        assertThat(ratio).isEqualTo((1000.0 - frauds) / frauds);
        assertThat(capped).isEqualTo(100.0);
        assertThat(fixed).isEqualTo(7.0);
    }

    @Test
    void shouldUseOnlyTheFirstNRowsWhenGivenACount() {
        final TestData batch = TestData.generate(256, 0.2, 7);

        assertThat(SGD.partialFit(TestData.untrained(), batch.x, batch.y, 100))
                .isEqualTo(SGD.partialFit(TestData.untrained(), batch.rows(0, 100).x, batch.rows(0, 100).y));
    }

    @Test
    void shouldSkipRatherThanPublishWhenTheWeightsDiverge() {
        final TestData batch = TestData.generate(256, 0.2, 8);
        final OnlineSgd wild = new OnlineSgd(new OnlineSgdParams(1e308, 0, 3, 1, 0, 100), null);

        assertThat(wild.partialFit(TestData.untrained(), batch.x, batch.y))
                .isInstanceOfSatisfying(OnlineSgd.Skipped.class,
                        s -> assertThat(s.cause()).isEqualTo(OnlineSgd.Cause.DIVERGED));
    }

    @Test
    void shouldRejectParametersThatCannotTrainWithTheKeyNamed() {
        assertThatThrownBy(() -> new OnlineSgdParams(0, 0, 1, 1, 0, 100))
                .hasMessageStartingWith("FRAUD_UPDATER_LEARNING_RATE");
        assertThatThrownBy(() -> new OnlineSgdParams(0.1, 20, 1, 1, 0, 100)).hasMessageStartingWith("FRAUD_UPDATER_L2");
        assertThatThrownBy(() -> OnlineSgd.frozenIndices(FeaturesV1.NAMES, List.of("nope")))
                .hasMessageContaining("nope");
    }
}
