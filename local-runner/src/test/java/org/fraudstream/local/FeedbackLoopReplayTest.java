package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.PaySimCsv;
import org.fraudstream.ingest.TrafficGenerator;
import org.fraudstream.local.FeedbackLoopReplay.Learning;
import org.fraudstream.local.FeedbackLoopReplay.Result;
import org.fraudstream.local.FeedbackLoopReplay.Settings;
import org.fraudstream.local.FeedbackLoopReplay.Window;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.trainer.FeatureTable;
import org.fraudstream.trainer.TrainingPipeline;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;
import org.fraudstream.trainer.TrainingPipeline.TrainOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prequential replay on a small generated file whose fraud changes form at {@link #DRIFT_STEP}:
 * 180 steps of 200 rows, 1% fraud, the frozen model trained on the steps before {@link #START}.
 */
class FeedbackLoopReplayTest {

    private static final int START = 60;
    private static final int DRIFT_STEP = 100;
    private static final int STEPS = 180;
    private static final int WINDOW = 20;
    private static final GeneratorConfig TRAFFIC = new GeneratorConfig(7, 3_000, 0.01, 200, DRIFT_STEP);
    private static final Learning SERVICE_DEFAULTS = Learning.fromEnv(Map.of());

    @TempDir
    static Path dir;

    private static ModelBundle frozen;
    private static FeatureTable table;

    @BeforeAll
    static void trainOnTheEarlySteps() throws IOException {
        final Path csv = dir.resolve("drift.csv");
        PaySimCsv.write(csv, new TrafficGenerator(TRAFFIC), (long) STEPS * TRAFFIC.eventsPerStep());
        frozen = TrainingPipeline.train(csv, dir.resolve("model"), TrainOptions.defaults().withTrainBeforeStep(START)
                .withExcludeBalanceFeatures(true), ProgressListener.NONE).bundle();
        table = TrainingPipeline.featureTable(csv, ProgressListener.NONE);
    }

    private static Result replay(int labelDelaySteps, double labelShare) {
        return FeedbackLoopReplay.run(frozen, table, new Settings(START, WINDOW, labelDelaySteps, labelShare, 1L),
                SERVICE_DEFAULTS, ProgressListener.NONE);
    }

    @Test
    void shouldPutEveryReplayedRowInExactlyOneWindow() {
        final Result r = replay(5, 0.02);

        final List<Window> windows = r.windows();
        assertThat(windows).hasSize((STEPS - START) / WINDOW);
        assertThat(windows.stream().mapToInt(Window::rows).sum()).isEqualTo(r.rows())
                .isEqualTo((STEPS - START) * TRAFFIC.eventsPerStep());
        assertThat(windows.stream().mapToLong(Window::frauds).sum()).isEqualTo(r.frauds());
        assertThat(windows.stream().mapToLong(Window::labeled).sum()).isEqualTo(r.labeled());
        for (int k = 0; k < windows.size(); k++) {
            assertThat(windows.get(k).firstStep()).isEqualTo(START + k * WINDOW);
            assertThat(windows.get(k).lastStep()).isEqualTo(START + (k + 1) * WINDOW - 1);
        }
    }

    @Test
    void shouldUpdateTheOnlineModelWhenLabelsAreLearned() {
        final Result r = replay(5, 1.0);

        assertThat(r.labelsLearned()).isPositive();
        assertThat(r.updates()).isPositive();
        assertThat(r.finalVersion()).startsWith("sgd-online-" + r.updates() + "-").isNotEqualTo(r.frozenVersion());
        assertThat(r.windows()).anySatisfy(w -> assertThat(w.prAucOnline()).isNotEqualTo(w.prAucFrozen()));
    }

    @Test
    void shouldScoreExactlyAsTheFrozenModelWhenNoLabelArrivesBeforeTheEnd() {
        final Result r = replay(STEPS, 1.0); // every label is due after the last step

        assertThat(r.labeled()).isEqualTo(r.rows());
        assertThat(r.labelsLearned()).isZero();
        assertThat(r.updates()).isZero();
        assertThat(r.finalVersion()).isEqualTo(r.frozenVersion());
        assertThat(r.windows()).allSatisfy(w -> assertThat(w.prAucOnline()).isEqualTo(w.prAucFrozen()));
    }

    @Test
    void shouldBeatTheFrozenModelOnTheLateWindowsWhenFraudDrifts() {
        final Result r = replay(5, 1.0);
        final List<Window> windows = r.windows();
        final List<Window> before = windows.stream().filter(w -> w.lastStep() < DRIFT_STEP).toList();
        final List<Window> late = windows.subList(windows.size() - 2, windows.size());

        // the drift is real: the frozen model, good before it, is close to blind after it
        assertThat(before).allSatisfy(w -> assertThat(w.prAucFrozen()).isGreaterThan(0.5));
        assertThat(late).allSatisfy(w -> assertThat(w.prAucFrozen()).isLessThan(0.1));
        // and the labels teach the online model the new pattern
        assertThat(late).allSatisfy(w -> assertThat(w.prAucOnline()).isGreaterThan(w.prAucFrozen() + 0.1));
        assertThat(late).noneMatch(Window::onlineWorse);
    }

    @Test
    void shouldRejectALabelDelayThatWouldLearnALabelBeforeItsEventIsScored() {
        assertThatThrownBy(() -> new Settings(START, WINDOW, 0, 0.02, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--label-delay-steps");
    }
}
