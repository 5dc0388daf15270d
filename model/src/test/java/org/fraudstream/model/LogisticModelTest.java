package org.fraudstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogisticModelTest {

    @Test
    void shouldComputeSigmoidOfStandardizedDotProduct() {
        final LogisticModel m = new LogisticModel(new double[] {2.0, -1.0}, 0.5, new double[] {1.0, 3.0},
                new double[] {2.0, 0.5});
        // z = 0.5 + 2 * (5 - 1) / 2 + (-1) * (2 - 3) / 0.5 = 0.5 + 4 + 2 = 6.5
        assertThat(m.logit(new double[] {5.0, 2.0})).isCloseTo(6.5, within(1e-12));
        assertThat(m.probability(new double[] {5.0, 2.0})).isCloseTo(1.0 / (1.0 + Math.exp(-6.5)), within(1e-15));
    }

    @Test
    void shouldStayFiniteWhenLogitIsExtreme() {
        assertThat(LogisticModel.sigmoid(-800)).isEqualTo(0.0);
        assertThat(LogisticModel.sigmoid(800)).isEqualTo(1.0);
        assertThat(LogisticModel.sigmoid(0)).isEqualTo(0.5);
    }

    @Test
    void shouldRejectNonFiniteWeights() {
        assertThatThrownBy(() -> new LogisticModel(new double[] {1.0, Double.NaN}, 0, new double[2],
                new double[] {1, 1})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights[1]");
    }

    @Test
    void shouldRejectUnequalLengths() {
        assertThatThrownBy(() -> new LogisticModel(new double[2], 0, new double[3], new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same");
    }

    @Test
    void shouldRejectNonPositiveScale() {
        assertThatThrownBy(() -> new LogisticModel(new double[2], 0, new double[2], new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale[1]");
    }

    @Test
    void shouldRejectVectorOfWrongLength() {
        assertThatThrownBy(() -> TestModels.varied().probability(new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 3");
    }

    @Test
    void shouldNotBeChangedThroughItsArrays() {
        final double[] w = {1.0, 2.0};
        final LogisticModel m = new LogisticModel(w, 0, new double[2], new double[] {1, 1});
        w[0] = 100;
        m.weights()[1] = 100;
        assertThat(m.weights()).containsExactly(1.0, 2.0);
    }

    @Test
    void shouldBeEqualWhenValuesAreEqual() {
        assertThat(TestModels.varied()).isEqualTo(TestModels.varied()).hasSameHashCodeAs(TestModels.varied());
    }
}
