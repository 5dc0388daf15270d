package org.fraudstream.model;

import java.util.List;
import java.util.Objects;
import org.fraudstream.contract.Reason;

/**
 * The score of one event: a fraud probability in [0, 1] and the features that pushed it up most.
 *
 * @param value    the score; an event is an anomaly when {@code value >= Scorer#threshold()}
 * @param reasons  the largest positive contributions, largest first (may be empty)
 */
public record Score(double value, List<Reason> reasons) {

    public Score {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("score must not be NaN");
        }
        reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons")); // no copy when already immutable
    }
}
