package org.fraudstream.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.model.BundleManifest;
import org.fraudstream.model.DriftReference;
import org.fraudstream.model.LogisticModel;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.model.OnnxExport;
import org.fraudstream.model.SgdParams;
import org.fraudstream.model.SgdTrainer;

/**
 * Offline training of the SGD model on a PaySim CSV.
 *
 * <p>In: the CSV (plain or gzip). The rows become events replayed in step order through FEATURES_V1
 * (the feature code of the streaming path); the latest steps (about
 * {@link TrainOptions#validationFraction()} of the rows) are held out for validation, never a random
 * split. The model is trained on the earlier steps, its threshold is chosen on the validation scores
 * for the alert budget, and the validation metrics are measured there.
 *
 * <p>Out: a {@link ModelBundle} in {@code outDir} whose manifest carries the input's SHA-256, the
 * seed, the parameters, the FEATURES_V1 hash, the metrics and the code version, with the drift
 * reference ({@link DriftReference}: the training rows' feature distribution, the validation rows'
 * score distribution) beside it. The same input, options and code give the same weights.
 */
public final class TrainingPipeline {

    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final int MINIBATCH = 1;
    /** Training rows (a seeded sample) whose quantiles make the drift reference's feature bins. */
    static final int REFERENCE_ROWS = 100_000;

    private TrainingPipeline() {
    }

    /**
     * What {@link TrainingPipeline#train} is asked to do.
     *
     * @param seed                     seed of the SGD shuffle and of the legit-row sample
     * @param excludeBalanceFeatures   hold the balance-derived FEATURES_V1 features at weight 0
     * @param alertBudget              share of validation events the threshold may alert on, in (0, 1]
     * @param epochs                   SGD passes over the training rows
     * @param learningRate             AdaGrad's initial learning rate
     * @param validationFraction       share of rows, cut at a step boundary, that the latest steps
     *                                 give to validation, in (0, 1)
     * @param maxTrainRows             cap on training rows: above it all fraud rows are kept and
     *                                 legit rows are sampled (the class weight rebalances anyway)
     * @param trainBeforeStep          only rows before this step train and validate (later rows are
     *                                 left for {@code evaluate}); {@link #ALL_STEPS} for all
     */
    public record TrainOptions(
            long seed,
            boolean excludeBalanceFeatures,
            double alertBudget,
            int epochs,
            double learningRate,
            double validationFraction,
            int maxTrainRows,
            int trainBeforeStep) {

        public static final long DEFAULT_SEED = 42L;
        public static final double DEFAULT_ALERT_BUDGET = 0.005;
        public static final int DEFAULT_EPOCHS = 5;
        public static final double DEFAULT_LEARNING_RATE = 0.1;
        public static final double DEFAULT_VALIDATION_FRACTION = 0.2;
        public static final int DEFAULT_MAX_TRAIN_ROWS = 1_000_000;
        /** {@link #trainBeforeStep} value that trains on every step of the file. */
        public static final int ALL_STEPS = Integer.MAX_VALUE;

        public TrainOptions {
            if (!(alertBudget > 0.0 && alertBudget <= 1.0)) {
                throw new IllegalArgumentException("alert budget must be in (0, 1], was " + alertBudget);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
            }
            if (!(learningRate > 0.0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be finite and > 0, was " + learningRate);
            }
            if (!(validationFraction > 0.0 && validationFraction < 1.0)) {
                throw new IllegalArgumentException("validation fraction must be in (0, 1), was " + validationFraction);
            }
            if (maxTrainRows < 2) {
                throw new IllegalArgumentException("max train rows must be >= 2, was " + maxTrainRows);
            }
            if (trainBeforeStep < 1) {
                throw new IllegalArgumentException("train-before-step must be >= 1, was " + trainBeforeStep);
            }
        }

        public static TrainOptions defaults() {
            return new TrainOptions(DEFAULT_SEED, false, DEFAULT_ALERT_BUDGET, DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE,
                    DEFAULT_VALIDATION_FRACTION, DEFAULT_MAX_TRAIN_ROWS, ALL_STEPS);
        }

        public TrainOptions withSeed(long s) {
            return new TrainOptions(s, excludeBalanceFeatures, alertBudget, epochs, learningRate, validationFraction,
                    maxTrainRows, trainBeforeStep);
        }

        public TrainOptions withExcludeBalanceFeatures(boolean b) {
            return new TrainOptions(seed, b, alertBudget, epochs, learningRate, validationFraction, maxTrainRows, trainBeforeStep);
        }

        public TrainOptions withAlertBudget(double b) {
            return new TrainOptions(seed, excludeBalanceFeatures, b, epochs, learningRate, validationFraction,
                    maxTrainRows, trainBeforeStep);
        }

        public TrainOptions withEpochs(int e) {
            return new TrainOptions(seed, excludeBalanceFeatures, alertBudget, e, learningRate, validationFraction,
                    maxTrainRows, trainBeforeStep);
        }

        public TrainOptions withTrainBeforeStep(int step) {
            return new TrainOptions(seed, excludeBalanceFeatures, alertBudget, epochs, learningRate, validationFraction,
                    maxTrainRows, step);
        }

        public TrainOptions withMaxTrainRows(int m) {
            return new TrainOptions(seed, excludeBalanceFeatures, alertBudget, epochs, learningRate, validationFraction,
                    m, trainBeforeStep);
        }
    }

    /**
     * Progress of a long task, one phase after the other ({@code start}, any number of {@code step}s,
     * {@code end}). Called from the working thread; implementations must be cheap.
     */
    public interface ProgressListener {

        /** Reports nothing. */
        ProgressListener NONE = new ProgressListener() {
            @Override
            public void start(String phase, long total, String unit) {
            }

            @Override
            public void step(long done) {
            }

            @Override
            public void end() {
            }
        };

        /**
         * @param total  units of work in this phase, or -1 when unknown
         * @param unit   what is counted, e.g. "rows"
         */
        void start(String phase, long total, String unit);

        /** {@code done} units of the current phase are complete (monotonic). */
        void step(long done);

        /** A short note beside the current phase, e.g. rows and rows/s while the phase counts bytes. */
        default void message(String text) {
        }

        void end();
    }

    /**
     * @throws IOException                               when the input cannot be read or the bundle written
     * @throws org.fraudstream.ingest.CsvFormatException when the input is not a valid PaySim CSV (names the line)
     * @throws TrainingException                         when the data cannot train a model
     */
    public static TrainingResult train(Path csv, Path outDir, TrainOptions opts, ProgressListener progress)
            throws IOException {
        final long t0 = System.nanoTime();
        final InputDigest digest = InputDigest.of(csv, progress);
        final FeatureTable table = StepOrderReader.read(csv, digest.lines() < 0 ? -1 : digest.lines() - 1, progress);
        final long t1 = System.nanoTime();

        final int end = rowsBefore(table, opts.trainBeforeStep());
        final TimeSplit split = TimeSplit.of(table, end, opts.validationFraction());
        final TrainingSample sample = TrainingSample.of(table, split.index(), opts.maxTrainRows(), opts.seed());
        final SgdTrainer trainer = new SgdTrainer(
                new SgdParams(opts.epochs(), opts.learningRate(), MINIBATCH, opts.seed(), 0.0));
        final int[] excluded = excludedIndices(opts);
        progress.start("training sgd", (long) opts.epochs() * sample.y().length, "rows");
        final LogisticModel sgd;
        try {
            sgd = trainer.fit(sample.x(), sample.y(), excluded, progress::step);
        } finally {
            progress.end();
        }
        final Members members = Members.train(sgd, table, split, sample, excluded, opts.seed(), progress);
        final long t2 = System.nanoTime();

        final Evaluation eval = Evaluation.of(members, table, split, sample, opts.alertBudget(), progress);
        final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final BundleManifest manifest = new BundleManifest(
                "ens-" + VERSION_TIME.format(now) + "-" + digest.sha256().substring(0, 8),
                FeaturesV1.VERSION, FeaturesV1.HASH, FeaturesV1.NAMES,
                IntStream.of(excluded).mapToObj(FeaturesV1.NAMES::get).toList(),
                eval.threshold(), opts.alertBudget(), opts.seed(), digest.sha256(), now.toString(), codeVersion(),
                parameters(csv, digest, opts, trainer, sample, members), eval.metrics());
        final ModelBundle bundle = members.bundle(manifest, eval.stacker()).withReference(DriftReference.of(
                Members.sampleRows(table, split.index(), REFERENCE_ROWS, false, opts.seed()), eval.scores()));
        bundle.save(outDir);
        OnnxExport.write(bundle, outDir.resolve(OnnxExport.FILE)); // the portable copy; scoring may run either
        final long t3 = System.nanoTime();
        return new TrainingResult(outDir, bundle, Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1),
                Duration.ofNanos(t3 - t0));
    }

    /** The number of leading (step-ordered) rows before {@code step}. */
    private static int rowsBefore(FeatureTable table, int step) {
        int end = table.size();
        while (end > 0 && table.step(end - 1) >= step) {
            end--;
        }
        if (end == 0) {
            throw new TrainingException("no rows before step " + step + " to train on");
        }
        return end;
    }

    /**
     * The feature vectors that training computes for {@code csv}, in replay (step) order: the very
     * rows {@link #train} learns from. Row {@code i} belongs to the {@code i}-th row of the file in
     * step order (a stable sort). Used to prove that training and serving compute the same vectors.
     */
    public static double[][] featureRows(Path csv) throws IOException {
        final FeatureTable table = StepOrderReader.read(csv, -1, ProgressListener.NONE);
        final double[][] rows = new double[table.size()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = table.row(r, new double[table.width()]);
        }
        return rows;
    }

    /**
     * The feature rows, labels and steps of {@code csv} in replay (step) order, as {@link #train} and
     * {@link Evaluator} see them: for replays that score the file event by event (the prequential
     * benchmark of the feedback loop).
     */
    public static FeatureTable featureTable(Path csv, ProgressListener progress) throws IOException {
        return StepOrderReader.read(csv, -1, progress);
    }

    /** The balance-derived features when they are to be left out, else none. */
    static int[] excludedIndices(TrainOptions opts) {
        if (!opts.excludeBalanceFeatures()) {
            return new int[0];
        }
        return IntStream.range(0, FeaturesV1.SIZE).filter(i -> FeaturesV1.FEATURES.get(i).balanceDerived()).toArray();
    }

    /** The version of this code: the jar's Implementation-Version, or {@code dev} when run from classes. */
    static String codeVersion() {
        final String v = TrainingPipeline.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    private static Map<String, Object> parameters(Path csv, InputDigest digest, TrainOptions opts, SgdTrainer trainer,
            TrainingSample sample, Members members) {
        final Map<String, Object> p = new LinkedHashMap<>();
        p.put("trainer", "tribuo LinearSGDTrainer");
        p.put("objective", "LogMulticlass");
        p.put("optimiser", "AdaGrad");
        p.put("epochs", opts.epochs());
        p.put("learningRate", opts.learningRate());
        p.put("minibatchSize", MINIBATCH);
        p.put("positiveWeight", trainer.positiveWeight(sample.y()));
        p.put("validationFraction", opts.validationFraction());
        p.put("split", "time: validation = the latest steps");
        p.put("maxTrainRows", opts.maxTrainRows());
        p.put("legitSampleRate", sample.legitSampleRate());
        p.put("excludeBalanceFeatures", opts.excludeBalanceFeatures());
        p.put("inputFile", String.valueOf(csv.getFileName()));
        p.put("inputBytes", digest.bytes());
        p.put("features", FeaturesV1.SIZE);
        p.put("trainBeforeStep", opts.trainBeforeStep() == TrainOptions.ALL_STEPS ? null : opts.trainBeforeStep());
        p.putAll(members.parameters());
        return p;
    }
}
