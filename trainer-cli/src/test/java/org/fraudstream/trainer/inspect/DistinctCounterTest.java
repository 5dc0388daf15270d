package org.fraudstream.trainer.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class DistinctCounterTest {

    @Test
    void shouldCountExactlyBelowTheCap() {
        final DistinctCounter c = new DistinctCounter(10_000);
        for (int i = 0; i < 50_000; i++) {
            c.add("C" + (i % 7_000));
        }

        assertThat(c.exact()).isTrue();
        assertThat(c.count()).isEqualTo(7_000);
    }

    @Test
    void shouldEstimateWithinTwoPercentPastTheCap() {
        final DistinctCounter c = new DistinctCounter(1_000);
        for (int i = 0; i < 300_000; i++) {
            c.add("C" + (1_000_000_000L + i));
            c.add("C" + (1_000_000_000L + i / 2)); // repeats must not count
        }

        assertThat(c.exact()).isFalse();
        assertThat(c.count()).isCloseTo(300_000L, withinPercentage(2));
    }

    @Test
    void shouldEstimateSmallCountsClosely() {
        final DistinctCounter c = new DistinctCounter(10);
        for (int i = 0; i < 5_000; i++) {
            c.add("M" + i);
        }

        assertThat(c.exact()).isFalse();
        assertThat(c.count()).isCloseTo(5_000L, withinPercentage(2));
    }
}
