package org.fraudstream.trainer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraudstream.model.EnsembleMember;
import org.fraudstream.model.Metrics;
import org.fraudstream.model.Quality;
import org.fraudstream.model.Stacker;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;

/**
 * The validation split's work: the members score it, the stacker is fitted on their signals (data
 * none of them was trained on), the threshold is set for the alert budget, and everything is
 * measured. The ensemble is never worse than its best member on validation: when the fitted
 * stacker ranks worse than one member alone, that member alone is the ensemble. Metric names are
 * the manifest's keys; an undefined value is {@code null}, never NaN. {@code scores} are the
 * ensemble's scores of the validation rows, in row order.
 */
record Evaluation(double threshold, Stacker stacker, Map<String, Object> metrics, double[] scores) {

    static final double STACKER_L2 = 1e-4;

    static Evaluation of(Members trained, FeatureTable t, TimeSplit split, TrainingSample sample, double alertBudget,
                         ProgressListener progress) {
        final List<EnsembleMember> members = trained.members();
        final List<String> names = members.stream().map(EnsembleMember::name).toList();
        final int n = split.validationRows();
        final double[][] outputs = new double[n][members.size()];
        final boolean[] y = new boolean[n];
        final double[] row = new double[t.width()];
        progress.start("validating", n, "rows");
        try {
            for (int i = 0; i < n; i++) {
                t.row(split.index() + i, row);
                y[i] = t.fraud(split.index() + i);
                for (int j = 0; j < members.size(); j++) {
                    outputs[i][j] = members.get(j).output(row);
                }
                if ((i & 0xfff) == 0) {
                    progress.step(i);
                }
            }
        } finally {
            progress.end();
        }
        final Map<String, Object> perMember = new LinkedHashMap<>();
        String best = names.get(0);
        double bestPr = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < names.size(); j++) {
            final Quality q = Quality.of(column(outputs, j), y, alertBudget);
            perMember.put(names.get(j), q.toMap());
            if (q.prAuc() > bestPr) {
                bestPr = q.prAuc();
                best = names.get(j);
            }
        }
        final Stacker fitted = Stacker.fit(names, outputs, y, STACKER_L2);
        final double[] fittedScores = probabilities(fitted, outputs);
        final Quality stacked = Quality.of(fittedScores, y, alertBudget);
        final boolean keepStacked = !(stacked.prAuc() < bestPr);
        final Stacker stacker = keepStacked ? fitted : Stacker.only(names, best);
        final double[] scores = keepStacked ? fittedScores : probabilities(stacker, outputs);
        // a threshold above 1 is no valid score threshold; 1 alerts only on saturated scores
        final double threshold = Math.min(1.0, Metrics.thresholdForBudget(scores, alertBudget));
        return new Evaluation(threshold, stacker, metrics(t, split, sample, y, scores, threshold, alertBudget,
                perMember, keepStacked ? "stacked" : "best member alone: " + best, stacked), scores);
    }

    private static Map<String, Object> metrics(FeatureTable t, TimeSplit split, TrainingSample sample, boolean[] y,
            double[] scores, double threshold, double alertBudget, Map<String, Object> perMember, String combination,
            Quality stacked) {
        final double[] pr = Metrics.precisionRecallAt(scores, y, threshold);
        final Quality q = Quality.of(scores, y, alertBudget);
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("pr_auc", finiteOrNull(q.prAuc()));
        m.put("roc_auc", finiteOrNull(q.rocAuc()));
        m.put("threshold", threshold);
        m.put("alert_budget", alertBudget);
        m.put("precision_at_budget", pr[0]);
        m.put("recall_at_budget", pr[1]);
        m.put("alerts_at_budget", Metrics.countAtOrAbove(scores, threshold));
        m.put("combination", combination);
        m.put("stacked_pr_auc", finiteOrNull(stacked.prAuc()));
        m.put("models", perMember);
        m.put("validation_rows", (long) split.validationRows());
        m.put("validation_fraud", t.frauds(split.index(), split.rows()));
        m.put("validation_first_step", split.firstValidationStep());
        m.put("validation_last_step", t.step(split.rows() - 1));
        m.put("train_rows", (long) split.trainRows());
        m.put("train_fraud", sample.frauds());
        m.put("train_rows_used", (long) sample.y().length);
        m.put("train_first_step", t.step(0));
        m.put("train_last_step", split.lastTrainStep());
        return m;
    }

    private static double[] probabilities(Stacker s, double[][] outputs) {
        final double[] p = new double[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            p[i] = s.probability(outputs[i]);
        }
        return p;
    }

    private static double[] column(double[][] m, int j) {
        final double[] c = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i][j];
        }
        return c;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
