package org.fraudstream.updater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fraudstream.model.LogisticModel;
import org.fraudstream.model.ModelUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PromotionGateTest {

    private static final OnlineSgd SGD = new OnlineSgd(OnlineSgdParams.defaults(), new int[0]);

    /** A model that has learned a little from three good batches: the "current" model. */
    private static LogisticModel current() {
        LogisticModel m = TestData.untrained();
        for (int b = 0; b < 3; b++) {
            final TestData batch = TestData.generate(256, 0.2, 100 + b);
            m = ((OnlineSgd.Fitted) SGD.partialFit(m, batch.x, batch.y)).model();
        }
        return m;
    }

    private static HoldoutBuffer holdout(int n, double fraudShare, long seed) {
        final TestData d = TestData.generate(n, fraudShare, seed);
        final HoldoutBuffer h = new HoldoutBuffer(2000);
        for (int r = 0; r < n; r++) {
            h.add(new LabeledExample("h" + r, d.x[r], d.y[r], "v", r));
        }
        return h;
    }

    private static LogisticModel fit(LogisticModel start, TestData batch) {
        return ((OnlineSgd.Fitted) SGD.partialFit(start, batch.x, batch.y)).model();
    }

    @ParameterizedTest
    @EnumSource(value = ModelUpdate.Metric.class, names = {"LOG_LOSS", "PR_AUC"})
    void shouldRejectACandidateWhenItsBatchHadEveryLabelFlipped(ModelUpdate.Metric metric) {
        final PromotionGate gate = new PromotionGate(new PromotionGate.Config(metric, 0.001, 100));
        final LogisticModel current = current();
        final LogisticModel poisoned = fit(current, TestData.generate(256, 0.2, 7).flipped());

        final PromotionGate.Verdict v = gate.evaluate(poisoned, current, holdout(2000, 0.05, 8));

        assertThat(v.accepted()).as("%s", v).isFalse();
        assertThat(v.metric()).isEqualTo(metric);
        assertThat(v.holdoutSize()).isEqualTo(2000);
        if (metric == ModelUpdate.Metric.LOG_LOSS) {
            assertThat(v.candidate()).isGreaterThan(v.current() + 0.001);
        } else {
            assertThat(v.candidate()).isLessThan(v.current() - 0.001);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ModelUpdate.Metric.class, names = {"LOG_LOSS", "PR_AUC"})
    void shouldAcceptACandidateWhenItsBatchWasLabeledCorrectly(ModelUpdate.Metric metric) {
        final PromotionGate gate = new PromotionGate(new PromotionGate.Config(metric, 0.001, 100));
        final LogisticModel current = current();
        final LogisticModel good = fit(current, TestData.generate(256, 0.2, 9));

        final PromotionGate.Verdict v = gate.evaluate(good, current, holdout(2000, 0.05, 8));

        assertThat(v.accepted()).as("%s", v).isTrue();
        assertThat(v.toGate()).isEqualTo(new ModelUpdate.Gate(metric, v.candidate(), v.current(), 2000));
    }

    @Test
    void shouldFallBackToLogLossWhenPrAucIsUndefinedOnAOneClassHoldout() {
        final PromotionGate gate = new PromotionGate(new PromotionGate.Config(ModelUpdate.Metric.PR_AUC, 0.0, 10));
        final LogisticModel current = current();

        final PromotionGate.Verdict v = gate.evaluate(current, current, holdout(300, 0.0, 10));

        assertThat(v.metric()).isEqualTo(ModelUpdate.Metric.LOG_LOSS);
        assertThat(v.accepted()).as("the same model is not worse than itself").isTrue();
    }

    @Test
    void shouldAcceptASlightlyWorseCandidateOnlyWithinTheTolerance() {
        final LogisticModel current = current();
        final double[] w = current.weights();
        w[TestData.SIGNAL] *= 0.97; // a little less confident: slightly worse
        final LogisticModel worse = new LogisticModel(w, current.bias(), current.mean(), current.scale());
        final HoldoutBuffer h = holdout(2000, 0.2, 11);

        final PromotionGate.Verdict strict = logLoss(0.0).evaluate(worse, current, h);
        final PromotionGate.Verdict lenient = logLoss(0.05).evaluate(worse, current, h);

        assertThat(strict.accepted()).as("%s", strict).isFalse();
        assertThat(lenient.accepted()).as("%s", lenient).isTrue();
    }

    private static PromotionGate logLoss(double tolerance) {
        return new PromotionGate(new PromotionGate.Config(ModelUpdate.Metric.LOG_LOSS, tolerance, 1));
    }

    @Test
    void shouldHaveNoVerdictUntilTheHoldoutHoldsTheMinimum() {
        final PromotionGate gate = new PromotionGate(PromotionGate.Config.defaults());

        assertThat(gate.ready(holdout(99, 0.2, 12))).isFalse();
        assertThat(gate.ready(holdout(100, 0.2, 12))).isTrue();
    }

    @Test
    void shouldKeepOnlyTheMostRecentLabelsWhenTheHoldoutIsFull() {
        final HoldoutBuffer h = new HoldoutBuffer(3);
        final double[] v = new double[0];
        for (int i = 0; i < 5; i++) {
            h.add(new LabeledExample("t" + i, v, i == 4, "v", i));
        }

        assertThat(h.size()).isEqualTo(3);
        assertThat(h.added()).isEqualTo(5);
        assertThat(h.labels()).containsExactly(false, true, false); // slots 0,1,2 hold t3, t4, t2
    }

    @Test
    void shouldRefuseAConfigurationWithoutAUsableMetric() {
        assertThatThrownBy(() -> new PromotionGate.Config(ModelUpdate.Metric.NONE, 0, 1))
                .hasMessageStartingWith("FRAUD_UPDATER_GATE_METRIC");
        assertThatThrownBy(() -> new PromotionGate.Config(ModelUpdate.Metric.LOG_LOSS, -1, 1))
                .hasMessageStartingWith("FRAUD_UPDATER_GATE_TOLERANCE");
    }
}
