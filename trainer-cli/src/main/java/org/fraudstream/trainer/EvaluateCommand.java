package org.fraudstream.trainer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.ingest.CsvFormatException;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.model.ModelLoadException;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: scores a PaySim CSV with a model bundle through the stream's code and reports
 * PR-AUC, ROC-AUC and precision/recall at an alert budget for the ensemble and each of its models.
 * The table goes to stdout, progress to stderr, the report also to {@code --json}. Exit codes: 0
 * done, 1 unreadable model or input, 2 bad options.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Scores a PaySim CSV with a model bundle (the stream's feature and scoring code) and "
                + "reports quality for the ensemble and each model.")
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model bundle directory.")
    private Path model;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "PaySim CSV, plain or gzip.")
    private Path input;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write the report as JSON to this file.")
    private Path json;

    @Option(names = "--from-step", paramLabel = "N", defaultValue = "0",
            description = "Score rows from this step on; earlier rows only build account history "
                    + "(default: ${DEFAULT-VALUE}).")
    private int fromStep;

    @Option(names = "--budget", paramLabel = "F", defaultValue = "0.005",
            description = "Alert budget: the share of events that may alert (default: ${DEFAULT-VALUE}).")
    private double budget;

    @Option(names = "--quiet", description = "No progress bars.")
    private boolean quiet;

    @Override
    public Integer call() {
        if (!(budget > 0.0 && budget <= 1.0)) {
            throw new ParameterException(spec.commandLine(), "--budget must be in (0, 1], was " + budget);
        }
        final PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(input)) {
            err.println("evaluate: input file " + input + (Files.exists(input) ? " is not a regular file" : " does not exist"));
            return 1;
        }
        try {
            final ModelBundle bundle = ModelBundle.load(model);
            final Map<String, Object> report = Evaluator.evaluate(bundle, input, fromStep, budget,
                    quiet ? ProgressListener.NONE : new ConsoleProgress(System.err));
            print(spec.commandLine().getOut(), report);
            if (json != null) {
                JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
            }
            return 0;
        } catch (ModelLoadException | CsvFormatException | TrainingException e) {
            err.println("evaluate: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            err.println("evaluate: " + e.getMessage());
        }
        err.flush();
        return 1;
    }

    @SuppressWarnings("unchecked")
    static void print(PrintWriter w, Map<String, Object> r) {
        w.printf(Locale.ROOT, "model %s on %s: %s rows from step %s (%s fraud)%n", r.get("model_version"),
                r.get("input"), r.get("rows"), r.get("from_step"), r.get("fraud"));
        w.printf(Locale.ROOT, "%n%-14s %8s %8s %10s %10s %8s%n", "model", "pr_auc", "roc_auc", "precision", "recall",
                "weight");
        row(w, "ensemble", r, null);
        final Map<String, Object> models = (Map<String, Object>) r.get("models");
        models.forEach((name, m) -> row(w, name, (Map<String, Object>) m, ((Map<String, Object>) m).get("stacker_weight")));
        w.printf(Locale.ROOT, "%nprecision and recall at the top %.2f%% of scores (%s alerts); "
                        + "at the bundle's threshold %.6f: precision %.4f, recall %.4f (%s alerts)%n",
                100 * (double) r.get("budget"), r.get("alerts_at_budget"), r.get("bundle_threshold"),
                r.get("precision_at_bundle_threshold"), r.get("recall_at_bundle_threshold"),
                r.get("alerts_at_bundle_threshold"));
        w.flush();
    }

    private static void row(PrintWriter w, String name, Map<String, Object> m, Object weight) {
        w.printf(Locale.ROOT, "%-14s %8s %8s %10s %10s %8s%n", name, num(m.get("pr_auc")), num(m.get("roc_auc")),
                num(m.get("precision_at_budget")), num(m.get("recall_at_budget")), weight == null ? "" : num(weight));
    }

    private static String num(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v);
    }
}
