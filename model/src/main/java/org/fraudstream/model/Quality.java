package org.fraudstream.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well one set of scores ranks fraud: PR-AUC, ROC-AUC, and precision and recall when the top
 * {@code budget} share of events alerts. The same figures, under the same names, for training's
 * validation, {@code evaluate}, and every model of the ensemble.
 */
public record Quality(double prAuc, double rocAuc, double budget, double thresholdAtBudget,
                      double precisionAtBudget, double recallAtBudget, long alertsAtBudget) {

    public static Quality of(double[] scores, boolean[] y, double budget) {
        final double t = Metrics.thresholdForBudget(scores, budget);
        final double[] pr = Metrics.precisionRecallAt(scores, y, t);
        return new Quality(Metrics.prAuc(scores, y), Metrics.rocAuc(scores, y), budget, t, pr[0], pr[1],
                Metrics.countAtOrAbove(scores, t));
    }

    /** JSON-ready figures; an undefined value (e.g. AUC without fraud) is {@code null}, never NaN. */
    public Map<String, Object> toMap() {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("pr_auc", finiteOrNull(prAuc));
        m.put("roc_auc", finiteOrNull(rocAuc));
        m.put("budget", budget);
        m.put("threshold_at_budget", finiteOrNull(thresholdAtBudget));
        m.put("precision_at_budget", precisionAtBudget);
        m.put("recall_at_budget", recallAtBudget);
        m.put("alerts_at_budget", alertsAtBudget);
        return m;
    }

    static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
