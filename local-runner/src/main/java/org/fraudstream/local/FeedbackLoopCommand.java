package org.fraudstream.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.PaySimCsv;
import org.fraudstream.ingest.TrafficGenerator;
import org.fraudstream.local.FeedbackLoopReplay.Learning;
import org.fraudstream.local.FeedbackLoopReplay.Result;
import org.fraudstream.local.FeedbackLoopReplay.Settings;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.trainer.ConsoleProgress;
import org.fraudstream.trainer.FeatureTable;
import org.fraudstream.trainer.TrainingPipeline;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;
import org.fraudstream.trainer.TrainingPipeline.TrainOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./fraud bench feedback-loop}: the prequential replay of the feedback loop
 * ({@link FeedbackLoopReplay}) on a PaySim file or on generated traffic, optionally with drift. Trains
 * the frozen bundle on the steps before {@code --train-before-step} (into the run's work dir), replays
 * the rest, prints the per-window table (Markdown) and writes a JSON report. The learner takes the
 * online updater's settings from the same {@code FRAUD_UPDATER_*} environment keys as the service.
 */
@Command(name = "feedback-loop", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prequential replay: PR-AUC per window of the frozen model and of the online-updated one, "
                + "labels arriving after a delay; writes a JSON report.")
public final class FeedbackLoopCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", paramLabel = "FILE", description = "PaySim CSV, plain or gzip (default: generated "
            + "traffic, see --steps, --events-per-step, --drift).")
    private Path input;

    @Option(names = "--train-before-step", paramLabel = "N", defaultValue = "200",
            description = "The frozen model trains on the steps before N; the replay scores N on "
                    + "(default: ${DEFAULT-VALUE}).")
    private int trainBeforeStep;

    @Option(names = "--window-steps", paramLabel = "W", defaultValue = "50",
            description = "Steps per reported window (default: ${DEFAULT-VALUE}).")
    private int windowSteps;

    @Option(names = "--label-delay-steps", paramLabel = "D", defaultValue = "24",
            description = "A label becomes available D steps after its event (default: ${DEFAULT-VALUE}).")
    private int labelDelaySteps;

    @Option(names = "--label-share", paramLabel = "F", defaultValue = "0.02",
            description = "Share of the events below the alert threshold that analysts label, at random; every alert "
                    + "of the online model is labeled; 1 labels all (default: ${DEFAULT-VALUE}).")
    private double labelShare;

    @Option(names = "--exclude-balance-features", description = "Train the frozen model without the balance-derived "
            + "features (they stay at weight 0 in the updates too).")
    private boolean excludeBalanceFeatures;

    @Option(names = "--drift", description = "Generated traffic only: from --drift-step on, fraud is an account "
            + "takeover (a large PAYMENT to a merchant) instead of a drain to a mule and its cash-out.")
    private boolean drift;

    @Option(names = "--drift-step", paramLabel = "STEP", defaultValue = "350",
            description = "Where --drift starts (default: ${DEFAULT-VALUE}).")
    private int driftStep;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "600",
            description = "Generated traffic: steps (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--events-per-step", paramLabel = "N", defaultValue = "1000",
            description = "Generated traffic: rows per step (default: ${DEFAULT-VALUE}).")
    private int eventsPerStep;

    @Option(names = "--json", paramLabel = "OUT", defaultValue = "reports/feedback_loop_report.json",
            description = "Report file (default: ${DEFAULT-VALUE}).")
    private Path json;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the generated traffic, the training and the random labeling "
                    + "(default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--quiet", description = "No progress bars.")
    private boolean quiet;

    @Override
    public Integer call() throws Exception {
        final Settings settings = settings();
        final Learning learning = Learning.fromEnv(System.getenv());
        final PrintStream err = System.err; // progress bars and notes; the table goes to stdout
        final ProgressListener progress = quiet ? ProgressListener.NONE : new ConsoleProgress(err);
        final Path work = WorkDir.current();
        Files.createDirectories(work);
        final Path csv = input != null ? input : generate(work, err);
        err.printf("training the frozen model on the steps before %d of %s%n", trainBeforeStep, csv);
        final Path modelDir = work.resolve("feedback-loop-model");
        TrainingPipeline.train(csv, modelDir, TrainOptions.defaults().withSeed(seed)
                .withTrainBeforeStep(trainBeforeStep).withExcludeBalanceFeatures(excludeBalanceFeatures),
                progress);
        final ModelBundle bundle = ModelBundle.load(modelDir);
        final FeatureTable table = TrainingPipeline.featureTable(csv, progress);
        final long t0 = System.nanoTime();
        final Result result = FeedbackLoopReplay.run(bundle, table, settings, learning, progress);
        final double seconds = (System.nanoTime() - t0) / 1e9;
        spec.commandLine().getOut().print(FeedbackLoopReport.markdown(result));
        spec.commandLine().getOut().println(FeedbackLoopReport.verdict(result));
        write(report(csv, bundle, settings, learning, result, seconds));
        spec.commandLine().getOut().println("report written to " + json);
        return 0;
    }

    private Settings settings() {
        if (drift && input != null) {
            throw new ParameterException(spec.commandLine(), "--drift applies to generated traffic, not to --input");
        }
        if (input == null && (steps <= trainBeforeStep || eventsPerStep < 1)) {
            throw new ParameterException(spec.commandLine(), "--steps must exceed --train-before-step "
                    + trainBeforeStep + " and --events-per-step must be >= 1");
        }
        try {
            return new Settings(trainBeforeStep, windowSteps, labelDelaySteps, labelShare, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private GeneratorConfig generatorConfig() {
        return GeneratorConfig.defaults(seed).withEventsPerStep(eventsPerStep)
                .withDriftStep(drift ? driftStep : GeneratorConfig.NO_DRIFT);
    }

    private Path generate(Path work, PrintStream err) throws IOException {
        final Path csv = work.resolve("feedback-loop-traffic.csv.gz");
        final long rows = (long) steps * eventsPerStep;
        err.printf("generating %,d rows (%d steps, seed %d%s) into %s%n", rows, steps, seed,
                drift ? ", drift from step " + driftStep : "", csv);
        PaySimCsv.write(csv, new TrafficGenerator(generatorConfig()), rows);
        return csv;
    }

    private Map<String, Object> report(Path csv, ModelBundle bundle, Settings settings, Learning learning,
                                       Result result, double seconds) {
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("machine", BenchCommand.machine());
        r.put("input", input != null ? input.toString() : "generated: " + generatorConfig());
        r.put("train_before_step", settings.startStep());
        r.put("window_steps", settings.windowSteps());
        r.put("label_delay_steps", settings.labelDelaySteps());
        r.put("label_share", settings.labelShare());
        r.put("exclude_balance_features", excludeBalanceFeatures);
        r.put("seed", seed);
        r.put("learning", FeedbackLoopReport.learning(learning));
        r.put("frozen_validation_metrics", bundle.manifest().metrics());
        r.put("replay_seconds", Math.round(seconds * 10) / 10.0);
        r.put("result", FeedbackLoopReport.result(result));
        return r;
    }

    private void write(Map<String, Object> report) throws IOException {
        final Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
    }
}
