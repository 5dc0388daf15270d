package org.fraudstream.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.model.EnsembleScorer;
import org.fraudstream.model.Metrics;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.model.SgdMember;
import org.fraudstream.trainer.FeatureTable;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;
import org.fraudstream.updater.LabeledExample;
import org.fraudstream.updater.OnlineSgd;
import org.fraudstream.updater.OnlineSgdParams;
import org.fraudstream.updater.PromotionGate;
import org.fraudstream.updater.UpdaterConfig;

/**
 * Prequential (test-then-train) replay of the feedback loop, without Kafka: how much the online
 * updates help, or hurt, compared with the model as trained.
 *
 * <p>In: a trained bundle (the frozen model) and the feature rows of a file in step order
 * ({@link org.fraudstream.trainer.TrainingPipeline#featureTable}); rows before {@link Settings#startStep}
 * only built account history. From that step on, each event is scored by the frozen ensemble and by the
 * online one (the same ensemble with its SGD part replaced, {@link EnsembleScorer#withSgd}, as the scoring
 * app does on a model update) before anything is learned from its label. Analysts label every alert of
 * the online model (score at or above the bundle's threshold, which training set for the alert budget)
 * and a random {@link Settings#labelShare} of the other events; a label becomes available
 * {@link Settings#labelDelaySteps} steps after its event and goes to the {@link ReplayLearner} (the
 * updater's OnlineSgd, HoldoutBuffer and PromotionGate, driven as the service drives them); an accepted
 * version scores the events from then on.
 *
 * <p>Out: per window of {@link Settings#windowSteps} steps, the rows, frauds, labels, PR-AUC of the frozen
 * and of the online model and the updates and rejections so far; the same over all replayed rows. The
 * same inputs and settings give the same result.
 */
public final class FeedbackLoopReplay {

    /** The online model counts as worse on a window when its PR-AUC is below the frozen one's by more. */
    public static final double WORSE_BY = 0.005;

    private FeedbackLoopReplay() {
    }

    /**
     * What is replayed.
     *
     * @param startStep       the first step scored (the frozen model was trained on the earlier ones)
     * @param windowSteps     steps per reported window
     * @param labelDelaySteps a label is learned before the events of its event's step plus this are scored
     * @param labelShare      share of the events below the alert threshold that get labeled (at random);
     *                        every alert is labeled
     * @param seed            seed of the random labeling
     */
    public record Settings(int startStep, int windowSteps, int labelDelaySteps, double labelShare, long seed) {

        public Settings {
            require(startStep >= 1, "--train-before-step must be >= 1 (the frozen model trains on the steps before), "
                    + "was " + startStep);
            require(windowSteps >= 1, "--window-steps must be >= 1, was " + windowSteps);
            require(labelDelaySteps >= 1, "--label-delay-steps must be >= 1 (a label is never learned before its "
                    + "own step is scored), was " + labelDelaySteps);
            require(labelShare >= 0.0 && labelShare <= 1.0, "--label-share must be in [0, 1], was " + labelShare);
        }
    }

    /** How the learner is driven: the online updater's own settings. */
    public record Learning(UpdaterConfig.Batching batching, UpdaterConfig.Holdout holdout,
                           PromotionGate.Config gate, OnlineSgdParams sgd) {

        public Learning {
            Objects.requireNonNull(batching, "batching");
            Objects.requireNonNull(holdout, "holdout");
            Objects.requireNonNull(gate, "gate");
            Objects.requireNonNull(sgd, "sgd");
        }

        /**
         * The learning settings the updater service would take from {@code env} (its
         * {@code FRAUD_UPDATER_*} keys; the service's defaults for those absent).
         */
        public static Learning fromEnv(Map<String, String> env) {
            final Map<String, String> e = new HashMap<>(env);
            e.putIfAbsent("FRAUD_MODEL_DIR", "."); // required by the service's config; the replay brings its bundle
            final UpdaterConfig c = UpdaterConfig.fromEnv(e);
            return new Learning(c.batching(), c.holdout(), c.gate(), c.sgd());
        }
    }

    /**
     * One window of steps {@code [firstStep, lastStep]}.
     *
     * @param alerts        events the online model alerted on
     * @param labeled       events that got a label (alerts and the random share)
     * @param fraudLabeled  frauds among them
     * @param labelsLearned labels the learner had received by the window's end
     * @param prAucFrozen   {@code null} when the window has no fraud
     * @param updates       accepted online versions by the window's end
     * @param rejections    candidates the gate rejected by the window's end
     */
    public record Window(int firstStep, int lastStep, int rows, long frauds, long alerts, long labeled,
                         long fraudLabeled, long labelsLearned, Double prAucFrozen, Double prAucOnline, int updates,
                         int rejections, String onlineVersion) {

        /** Fraud in the window, and the online model's PR-AUC below the frozen one's by more than {@link #WORSE_BY}. */
        public boolean onlineWorse() {
            return frauds > 0 && prAucOnline < prAucFrozen - WORSE_BY;
        }
    }

    /** The whole replay: its windows and the figures over all replayed rows. */
    public record Result(String frozenVersion, String finalVersion, List<Window> windows, int rows, long frauds,
                         Double prAucFrozen, Double prAucOnline, long labeled, long labelsLearned, int updates,
                         int rejections, int holds, long dropped) {

        public List<Window> worseWindows() {
            return windows.stream().filter(Window::onlineWorse).toList();
        }
    }

    /** Replays {@code table} from {@code settings.startStep()}; see the class comment. */
    public static Result run(ModelBundle bundle, FeatureTable table, Settings settings, Learning learning,
                             ProgressListener progress) {
        int first = 0;
        while (first < table.size() && table.step(first) < settings.startStep()) {
            first++;
        }
        if (first == table.size()) {
            throw new IllegalArgumentException("no rows at or after step " + settings.startStep() + " to replay");
        }
        return new Run(bundle, table, settings, learning).replay(first, progress);
    }

    /** A label waiting to be given to the learner. */
    private record Pending(LabeledExample example, int releaseStep) { }

    /** The state of one replay. */
    private static final class Run {
        private final ModelBundle bundle;
        private final FeatureTable table;
        private final Settings settings;
        private final EnsembleScorer frozen;
        private final ReplayLearner learner;
        private final SplittableRandom analysts;
        private final Deque<Pending> queue = new ArrayDeque<>();
        private final List<Window> windows = new ArrayList<>();
        private EnsembleScorer online;
        private double[] frozenScores;
        private double[] onlineScores;
        private boolean[] fraud;
        private int windowStart;
        private long windowAlerts;
        private long windowLabeled;
        private long windowFraudLabeled;
        private long labeled;

        Run(ModelBundle bundle, FeatureTable table, Settings settings, Learning learning) {
            this.bundle = bundle;
            this.table = table;
            this.settings = settings;
            this.frozen = bundle.ensemble();
            this.online = frozen;
            this.learner = new ReplayLearner(bundle.sgd(), frozen.modelVersion(),
                    OnlineSgd.frozenIndices(FeaturesV1.NAMES, bundle.manifest().excludedFeatures()), learning);
            this.analysts = new SplittableRandom(settings.seed());
        }

        Result replay(int first, ProgressListener progress) {
            final int n = table.size() - first;
            frozenScores = new double[n];
            onlineScores = new double[n];
            fraud = new boolean[n];
            final double[] row = new double[table.width()];
            progress.start("replaying", n, "rows");
            try {
                int step = Integer.MIN_VALUE;
                for (int i = 0; i < n; i++) {
                    final int s = table.step(first + i);
                    if (s != step) {
                        if (i > 0 && window(s) != window(step)) {
                            closeWindow(i, step);
                        }
                        step = s;
                        release(step);
                    }
                    score(i, table.row(first + i, row), table.fraud(first + i), step);
                    if ((i & 0xfff) == 0) {
                        progress.step(i);
                    }
                }
                closeWindow(n, step);
                progress.step(n);
            } finally {
                progress.end();
            }
            return result(n);
        }

        /** Test: both models score the event. Then its label, if it gets one, joins the queue. */
        private void score(int i, double[] x, boolean isFraud, int step) {
            frozenScores[i] = frozen.probability(x);
            onlineScores[i] = online.probability(x);
            fraud[i] = isFraud;
            final boolean alert = onlineScores[i] >= online.threshold();
            final boolean sampled = analysts.nextDouble() < settings.labelShare(); // drawn for every event
            if (alert || sampled) {
                queue.add(new Pending(new LabeledExample("row-" + i, x, isFraud, online.modelVersion(),
                        (long) step * 3_600_000L), step + settings.labelDelaySteps()));
                windowLabeled++;
                windowFraudLabeled += isFraud ? 1 : 0;
                labeled++;
            }
            windowAlerts += alert ? 1 : 0;
        }

        /** Train: the labels due by {@code step}, in the order they were given, before its events are scored. */
        private void release(int step) {
            while (!queue.isEmpty() && queue.peek().releaseStep() <= step) {
                if (learner.learn(queue.poll().example())) {
                    online = frozen.withSgd(new SgdMember(learner.current(), FeaturesV1.NAMES), learner.version());
                }
            }
        }

        private int window(int step) {
            return (step - settings.startStep()) / settings.windowSteps();
        }

        private void closeWindow(int end, int lastSeenStep) {
            final int firstStep = settings.startStep() + window(lastSeenStep) * settings.windowSteps();
            final int lastStep = Math.min(firstStep + settings.windowSteps() - 1, table.step(table.size() - 1));
            final boolean[] y = Arrays.copyOfRange(fraud, windowStart, end);
            long frauds = 0;
            for (boolean f : y) {
                frauds += f ? 1 : 0;
            }
            windows.add(new Window(firstStep, lastStep, end - windowStart, frauds, windowAlerts, windowLabeled,
                    windowFraudLabeled, learner.labelsSeen(),
                    prAuc(Arrays.copyOfRange(frozenScores, windowStart, end), y),
                    prAuc(Arrays.copyOfRange(onlineScores, windowStart, end), y), learner.updates(),
                    learner.rejections(), learner.version()));
            windowStart = end;
            windowAlerts = 0;
            windowLabeled = 0;
            windowFraudLabeled = 0;
        }

        private Result result(int n) {
            long frauds = 0;
            for (boolean f : fraud) {
                frauds += f ? 1 : 0;
            }
            return new Result(bundle.manifest().modelVersion(), learner.version(), List.copyOf(windows), n, frauds,
                    prAuc(frozenScores, fraud), prAuc(onlineScores, fraud), labeled, learner.labelsSeen(),
                    learner.updates(), learner.rejections(), learner.holds(), learner.dropped());
        }
    }

    private static Double prAuc(double[] scores, boolean[] y) {
        final double v = Metrics.prAuc(scores, y);
        return Double.isNaN(v) ? null : v;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
