package org.fraudstream.trainer;

/**
 * A split of step-ordered rows by time: rows {@code [0, index)} train, rows {@code [index, n)}
 * validate, and no step is on both sides. The cut is the step boundary nearest to the requested
 * share of validation rows (rows, not steps: PaySim's traffic per step varies a lot).
 */
record TimeSplit(int index, int rows, int lastTrainStep, int firstValidationStep) {

    static TimeSplit of(FeatureTable t, double validationFraction) {
        return of(t, t.size(), validationFraction);
    }

    /** The split of the first {@code n} rows (those before a step that {@code evaluate} is left). */
    static TimeSplit of(FeatureTable t, int n, double validationFraction) {
        if (n < 2) {
            throw new TrainingException("the input has " + n + " rows; a time split needs at least two steps");
        }
        final int target = (int) Math.min(n - 1, Math.max(1, Math.round(n * (1.0 - validationFraction))));
        final int step = t.step(target);
        int lower = target; // first row of `step`: the cut if `step` validates
        while (lower > 0 && t.step(lower - 1) == step) {
            lower--;
        }
        int upper = target; // first row after `step`: the cut if `step` trains
        while (upper < n && t.step(upper) == step) {
            upper++;
        }
        final boolean lowerOk = lower > 0;
        final boolean upperOk = upper < n;
        if (!lowerOk && !upperOk) {
            throw new TrainingException("all " + n + " rows are in step " + step
                    + "; a time split needs at least two steps");
        }
        final int cut = !upperOk || (lowerOk && target - lower <= upper - target) ? lower : upper;
        return new TimeSplit(cut, n, t.step(cut - 1), t.step(cut));
    }

    int trainRows() {
        return index;
    }

    int validationRows() {
        return rows - index;
    }
}
