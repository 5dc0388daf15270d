package org.fraudstream.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraudstream.model.EnsembleMember;
import org.fraudstream.model.EnsembleScorer;
import org.fraudstream.model.Metrics;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.model.Quality;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;

/**
 * Scores a PaySim CSV with a model bundle through the code the stream runs (the file replayed in
 * step order through FEATURES_V1, then the bundle's {@link EnsembleScorer}) and measures the
 * ensemble and each of its models alone. Rows before {@code fromStep} only build account history,
 * as the stream's earlier traffic would; they are not scored.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /** The report, as JSON-ready values (snake_case keys). */
    public static Map<String, Object> evaluate(ModelBundle bundle, Path csv, int fromStep, double budget,
                                               ProgressListener progress) throws IOException {
        final FeatureTable table = StepOrderReader.read(csv, -1, progress);
        int first = 0;
        while (first < table.size() && table.step(first) < fromStep) {
            first++;
        }
        final int n = table.size() - first;
        if (n == 0) {
            throw new TrainingException("no rows at or after step " + fromStep + " in " + csv);
        }
        final EnsembleScorer ensemble = bundle.ensemble();
        final List<EnsembleMember> members = ensemble.members();
        final double[] scores = new double[n];
        final double[][] outputs = new double[members.size()][n];
        final boolean[] y = new boolean[n];
        final double[] row = new double[table.width()];
        progress.start("scoring", n, "rows");
        try {
            for (int i = 0; i < n; i++) {
                table.row(first + i, row);
                y[i] = table.fraud(first + i);
                scores[i] = ensemble.probability(row);
                for (int j = 0; j < members.size(); j++) {
                    outputs[j][i] = members.get(j).output(row);
                }
                if ((i & 0xfff) == 0) {
                    progress.step(i);
                }
            }
            progress.step(n);
        } finally {
            progress.end();
        }
        return report(bundle, csv, fromStep, table, first, scores, outputs, y, budget);
    }

    private static Map<String, Object> report(ModelBundle bundle, Path csv, int fromStep, FeatureTable table,
            int first, double[] scores, double[][] outputs, boolean[] y, double budget) {
        final EnsembleScorer ensemble = bundle.ensemble();
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("model_version", ensemble.modelVersion());
        r.put("input", csv.toString());
        r.put("from_step", fromStep);
        r.put("rows", (long) scores.length);
        r.put("fraud", table.frauds(first, table.size()));
        r.put("rows_replayed_for_history", (long) first);
        r.putAll(Quality.of(scores, y, budget).toMap());
        final double[] atThreshold = Metrics.precisionRecallAt(scores, y, ensemble.threshold());
        r.put("bundle_threshold", ensemble.threshold());
        r.put("precision_at_bundle_threshold", atThreshold[0]);
        r.put("recall_at_bundle_threshold", atThreshold[1]);
        r.put("alerts_at_bundle_threshold", Metrics.countAtOrAbove(scores, ensemble.threshold()));
        final Map<String, Object> models = new LinkedHashMap<>();
        for (int j = 0; j < outputs.length; j++) {
            final Map<String, Object> m = Quality.of(outputs[j], y, budget).toMap();
            m.put("stacker_weight", ensemble.stacker().weight(j));
            models.put(ensemble.members().get(j).name(), m);
        }
        r.put("models", models);
        return r;
    }
}
