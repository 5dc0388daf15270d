package org.fraudstream.model;

import java.util.Arrays;
import java.util.List;

/** Argument checks shared by the unsupervised models and their trainers; messages name the culprit. */
final class Checks {

    private Checks() {
    }

    static void requireFinite(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new NonFiniteValueException(name + "[" + i + "] must be finite, was " + values[i]);
            }
        }
    }

    static <T> T required(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value;
    }

    static List<String> featureNames(List<String> names) {
        required("featureNames", names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("featureNames must not be empty");
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null || names.get(i).isBlank()) {
                throw new IllegalArgumentException("featureNames[" + i + "] must not be blank");
            }
        }
        return List.copyOf(names);
    }

    /**
     * Training rows: at least {@code minRows}, all of {@code d} finite values.
     */
    static void trainingRows(double[][] rows, int d, int minRows) {
        if (rows == null || rows.length < minRows) {
            throw new IllegalArgumentException("training needs at least " + minRows + " rows, got "
                    + (rows == null ? 0 : rows.length));
        }
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != d) {
                throw new IllegalArgumentException("row " + r + " has " + (rows[r] == null ? 0 : rows[r].length)
                        + " features, expected " + d + " (one per feature name)");
            }
            for (int i = 0; i < d; i++) {
                if (!Double.isFinite(rows[r][i])) {
                    throw new IllegalArgumentException("row " + r + " feature " + i + " must be finite, was "
                            + rows[r][i]);
                }
            }
        }
    }

    /** {@code true} for the features to use: all but {@code excluded} (null means none). */
    static boolean[] included(int d, int[] excluded) {
        final boolean[] included = new boolean[d];
        Arrays.fill(included, true);
        for (int i : excluded == null ? new int[0] : excluded) {
            if (i < 0 || i >= d) {
                throw new IllegalArgumentException("excluded index " + i + " is outside [0, " + d + ")");
            }
            included[i] = false;
        }
        for (boolean b : included) {
            if (b) {
                return included;
            }
        }
        throw new IllegalArgumentException("every feature is excluded");
    }

    static void vectorLength(double[] x, int d) {
        if (x.length != d) {
            throw new IllegalArgumentException("expected " + d + " features, got " + x.length);
        }
    }
}
