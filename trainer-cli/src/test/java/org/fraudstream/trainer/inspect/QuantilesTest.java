package org.fraudstream.trainer.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantilesTest {

    @Test
    void shouldInterpolateBetweenTheNearestRanksOfTheSortedValues() {
        final Quantiles q = new Quantiles();
        for (double v : new double[] {4, 1, 3, 2}) {
            q.add(v);
        }

        // sorted 1, 2, 3, 4; h = 3p
        assertThat(q.at(0)).isEqualTo(1.0);
        assertThat(q.at(0.5)).isEqualTo(2.5);
        assertThat(q.at(0.25)).isEqualTo(1.75);
        assertThat(q.at(1)).isEqualTo(4.0);
    }

    @Test
    void shouldAnswerTheOnlyValueForOneAndNaNForNone() {
        final Quantiles one = new Quantiles();
        one.add(7.5);

        assertThat(one.at(0.99)).isEqualTo(7.5);
        assertThat(new Quantiles().at(0.5)).isNaN();
        assertThatThrownBy(() -> one.at(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
