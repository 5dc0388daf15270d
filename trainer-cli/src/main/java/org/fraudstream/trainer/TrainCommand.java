package org.fraudstream.trainer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fraudstream.ingest.CsvFormatException;
import org.fraudstream.model.BundleManifest;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;
import org.fraudstream.trainer.TrainingPipeline.TrainOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code train}: PaySim CSV in, model bundle directory out (see {@link TrainingPipeline}). Progress
 * goes to stderr, the metrics table to stdout. Exit codes: 0 trained, 1 the input could not train a
 * model (unreadable or malformed file, no fraud before the split, ...), 2 bad options.
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = TrainCommand.Version.class,
        description = "Trains the fraud models (SGD logistic, Isolation Forest, autoencoder) and their ensemble on a "
                + "PaySim CSV (features replayed in step order, validated on the latest steps) and writes a model bundle.")
public final class TrainCommand implements Callable<Integer> {

    static final int EXIT_BAD_INPUT = 1;

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "PaySim CSV, plain or gzip.")
    private Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Bundle directory to write.")
    private Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--exclude-balance-features",
            description = "Leave out the balance-derived features (weight 0).")
    private boolean excludeBalanceFeatures;

    @Option(names = "--alert-budget", paramLabel = "F", defaultValue = "0.005",
            description = "Share of events that may alert; sets the threshold (default: ${DEFAULT-VALUE}).")
    private double alertBudget;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "5", description = "SGD epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--learning-rate", paramLabel = "R", defaultValue = "0.1",
            description = "AdaGrad learning rate (default: ${DEFAULT-VALUE}).")
    private double learningRate;

    @Option(names = "--validation-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of rows in the latest steps held out for validation (default: ${DEFAULT-VALUE}).")
    private double validationFraction;

    @Option(names = "--max-train-rows", paramLabel = "N", defaultValue = "1000000",
            description = "Above this, legit training rows are sampled; frauds are all kept (default: ${DEFAULT-VALUE}).")
    private int maxTrainRows;

    @Option(names = "--train-before-step", paramLabel = "N",
            description = "Train and validate only on rows before this step, leaving later steps to 'evaluate' "
                    + "(default: all rows).")
    private Integer trainBeforeStep;

    @Option(names = "--quiet", description = "No progress bars.")
    private boolean quiet;

    /** {@code --version}: the code version recorded in bundles. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"train " + TrainingPipeline.codeVersion()};
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainCommand()).execute(args));
    }

    @Override
    public Integer call() {
        final TrainOptions opts = options();
        final PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(input)) {
            err.println("train: input file " + input + (Files.exists(input) ? " is not a regular file" : " does not exist"));
            return EXIT_BAD_INPUT;
        }
        try {
            final TrainingResult result = TrainingPipeline.train(input, out, opts,
                    quiet ? ProgressListener.NONE : new ConsoleProgress(System.err));
            printReport(spec.commandLine().getOut(), result);
            return 0;
        } catch (CsvFormatException | TrainingException e) {
            err.println("train: " + e.getMessage());
        } catch (NoSuchFileException e) {
            err.println("train: no such file: " + e.getMessage());
        } catch (IOException e) {
            err.println("train: " + e.getMessage());
        } catch (UncheckedIOException e) {
            err.println("train: " + e.getMessage());
        }
        err.flush();
        return EXIT_BAD_INPUT;
    }

    private TrainOptions options() {
        try {
            return new TrainOptions(seed, excludeBalanceFeatures, alertBudget, epochs, learningRate, validationFraction,
                    maxTrainRows, trainBeforeStep == null ? TrainOptions.ALL_STEPS : trainBeforeStep);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static void printReport(PrintWriter w, TrainingResult r) {
        final BundleManifest m = r.bundle().manifest();
        final Map<String, Object> x = m.metrics();
        w.printf(Locale.ROOT, "model %s written to %s%n", m.modelVersion(), r.bundleDir());
        w.printf(Locale.ROOT, "features %s (%s), excluded: %s%n", m.featuresVersion(),
                m.featuresHash().substring(0, 12), m.excludedFeatures().isEmpty() ? "none" : m.excludedFeatures());
        w.printf(Locale.ROOT, "train      steps %s-%s  rows %s (fraud %s, used %s)%n", x.get("train_first_step"),
                x.get("train_last_step"), x.get("train_rows"), x.get("train_fraud"), x.get("train_rows_used"));
        w.printf(Locale.ROOT, "validation steps %s-%s  rows %s (fraud %s)%n", x.get("validation_first_step"),
                x.get("validation_last_step"), x.get("validation_rows"), x.get("validation_fraud"));
        w.printf(Locale.ROOT, "time       read %.1f s, train %.1f s, total %.1f s%n", seconds(r.readTime()),
                seconds(r.trainTime()), seconds(r.totalTime()));
        w.println();
        w.printf(Locale.ROOT, "%-28s %s%n", "validation metric", "value");
        for (String key : new String[] {"pr_auc", "roc_auc", "threshold", "alert_budget", "precision_at_budget",
            "recall_at_budget", "alerts_at_budget"}) {
            w.printf(Locale.ROOT, "%-28s %s%n", key, format(x.get(key)));
        }
        w.flush();
    }

    private static double seconds(java.time.Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.6f", d);
        }
        return v == null ? "n/a" : v.toString();
    }
}
