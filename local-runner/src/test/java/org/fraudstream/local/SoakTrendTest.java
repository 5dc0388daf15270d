package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SoakTrendTest {

    private static final double[] T = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120};

    @Test
    void shouldFindTheSlopeOfTheSecondHalfOnlyWhenTheFirstHalfIsWarmUp() {
        final double[] v = new double[T.length];
        for (int i = 0; i < T.length; i++) {
            v[i] = T[i] < 60 ? 1000 - 10 * T[i] : 100 + 2 * T[i] + (i % 2 == 0 ? 1 : -1); // warm-up, then +2/s
        }
        final SoakTrend trend = SoakTrend.secondHalf(T, v);
        assertThat(trend.samples()).isEqualTo(7);
        assertThat(trend.slopePerMinute()).isCloseTo(120, within(3.0));
        assertThat(trend.ciLowPerMinute()).isPositive();
        assertThat(trend.verdict()).startsWith("UPWARD TREND");
    }

    @Test
    void shouldSayNoUpwardTrendWhenTheIntervalIncludesZero() {
        final double[] v = {5, 9, 1, 8, 2, 9, 1, 8, 2, 9, 1, 8, 2};
        final SoakTrend trend = SoakTrend.secondHalf(T, v);
        assertThat(trend.ciLowPerMinute()).isNegative();
        assertThat(trend.ciHighPerMinute()).isPositive();
        assertThat(trend.verdict()).startsWith("no upward trend (the slope's 95% interval includes 0");
    }

    @Test
    void shouldSayNegligibleWhenASignificantSlopeIsTinyAgainstTheLevel() {
        final double[] v = new double[T.length];
        for (int i = 0; i < T.length; i++) {
            v[i] = 10_000 + 0.01 * T[i]; // 36 per hour on 10,000: 0.4 %
        }
        assertThat(SoakTrend.secondHalf(T, v).verdict()).startsWith("no upward trend (slope > 0 but negligible");
    }

    @Test
    void shouldGiveNoVerdictOnTooFewSamples() {
        assertThat(SoakTrend.secondHalf(new double[] {0, 10}, new double[] {1, 2}).verdict()).startsWith("no verdict");
    }
}
