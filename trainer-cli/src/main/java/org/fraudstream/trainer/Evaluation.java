package org.fraudstream.trainer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fraudstream.model.LogisticModel;
import org.fraudstream.model.Metrics;

/**
 * Scores the validation rows, picks the threshold for the alert budget on them and measures the
 * model there. Metric names are the manifest's keys; an undefined value (e.g. ROC-AUC without any
 * fraud in validation) is {@code null}, never NaN, so the JSON stays JSON.
 */
record Evaluation(double threshold, Map<String, Object> metrics) {

    static Evaluation of(LogisticModel model, FeatureTable t, TimeSplit split, TrainingSample sample,
            double alertBudget) {
        final int n = split.validationRows();
        final double[] scores = new double[n];
        final boolean[] y = new boolean[n];
        final double[] row = new double[t.width()];
        for (int i = 0; i < n; i++) {
            scores[i] = model.probability(t.row(split.index() + i, row));
            y[i] = t.fraud(split.index() + i);
        }
        // a threshold above 1 is no valid score threshold; 1 alerts only on saturated scores
        final double threshold = Math.min(1.0, Metrics.thresholdForBudget(scores, alertBudget));
        final double[] pr = Metrics.precisionRecallAt(scores, y, threshold);

        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("pr_auc", finiteOrNull(Metrics.prAuc(scores, y)));
        m.put("roc_auc", finiteOrNull(Metrics.rocAuc(scores, y)));
        m.put("threshold", threshold);
        m.put("alert_budget", alertBudget);
        m.put("precision_at_budget", pr[0]);
        m.put("recall_at_budget", pr[1]);
        m.put("alerts_at_budget", Metrics.countAtOrAbove(scores, threshold));
        m.put("validation_rows", (long) n);
        m.put("validation_fraud", t.frauds(split.index(), split.rows()));
        m.put("validation_first_step", split.firstValidationStep());
        m.put("validation_last_step", t.step(split.rows() - 1));
        m.put("train_rows", (long) split.trainRows());
        m.put("train_fraud", sample.frauds());
        m.put("train_rows_used", (long) sample.y().length);
        m.put("train_first_step", t.step(0));
        m.put("train_last_step", split.lastTrainStep());
        return new Evaluation(threshold, m);
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
