package org.fraudstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fraudstream.contract.FeaturesV1;
import org.junit.jupiter.api.Test;

class TimeSplitTest {

    private static FeatureTable table(int... steps) {
        final FeatureTable t = new FeatureTable(FeaturesV1.SIZE);
        for (int s : steps) {
            t.add(new double[FeaturesV1.SIZE], false, s);
        }
        return t;
    }

    @Test
    void shouldCutAtTheStepBoundaryNearestToTheRequestedShare() {
        // 10 rows; 20 % validation targets row 8, which is inside step 3 (rows 6..9): cut at 6 or at 10?
        // 10 is no cut (nothing would validate), so step 3 validates
        final TimeSplit s = TimeSplit.of(table(0, 0, 1, 1, 2, 2, 3, 3, 3, 3), 0.2);
        assertThat(s.index()).isEqualTo(6);
        assertThat(s.lastTrainStep()).isEqualTo(2);
        assertThat(s.firstValidationStep()).isEqualTo(3);
    }

    @Test
    void shouldPreferTheCloserBoundary() {
        // target row 8 of 10; step 4 spans rows 7..8: cut at 7 (1 away) or 9 (1 away) -> the earlier one
        assertThat(TimeSplit.of(table(0, 1, 2, 3, 3, 3, 3, 4, 4, 5), 0.2).index()).isEqualTo(7);
        // target row 8 of 10; step 4 spans rows 5..8: cut at 9 (1 away) beats 5 (3 away)
        assertThat(TimeSplit.of(table(0, 1, 2, 3, 3, 4, 4, 4, 4, 5), 0.2).index()).isEqualTo(9);
    }

    @Test
    void shouldFailWhenAllRowsShareOneStep() {
        assertThatThrownBy(() -> TimeSplit.of(table(7, 7, 7, 7), 0.2))
                .isInstanceOf(TrainingException.class).hasMessageContaining("two steps");
    }
}
