package org.fraudstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fraudstream.contract.FeatureReplay;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.PaySimRow;
import org.fraudstream.ingest.TrafficGenerator;
import org.fraudstream.model.DriftReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DriftWindowTest {

    private static final int ROWS = 20_000;
    private static final long NOW = 1_800_000_000_000L;
    private static final int SCORE = FeaturesV1.SIZE;

    private static DriftReference reference;

    /** Generated traffic through the feature code, amounts times {@code amountFactor}. */
    private static double[][] features(long seed, double amountFactor) {
        final TrafficGenerator gen = new TrafficGenerator(GeneratorConfig.defaults(seed).withAccounts(2_000)
                .withEventsPerStep(500));
        final FeatureReplay replay = new FeatureReplay();
        final double[][] rows = new double[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            final PaySimRow r = gen.next();
            final PaySimRow scaled = new PaySimRow(r.step(), r.type(), r.amount() * amountFactor, r.nameOrig(),
                    r.oldbalanceOrg(), r.newbalanceOrig(), r.nameDest(), r.oldbalanceDest(), r.newbalanceDest(),
                    r.isFraud(), r.isFlaggedFraud());
            rows[i] = replay.next(scaled.toEvent("t" + i, 0L));
        }
        return rows;
    }

    /** A stand-in model: rises with the amount. */
    private static double score(double[] f) {
        return 1.0 / (1.0 + Math.exp(-(f[5] - 11.0)));
    }

    private static double[] scores(double[][] rows) {
        final double[] s = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            s[i] = score(rows[i]);
        }
        return s;
    }

    @BeforeAll
    static void referenceOfTraining() {
        final double[][] training = features(1, 1.0);
        reference = DriftReference.of(training, scores(training));
    }

    private static DriftWindow fed(double[][] rows) {
        final DriftWindow window = new DriftWindow(reference);
        final DriftWindow.Recorder recorder = window.recorder();
        for (double[] row : rows) {
            recorder.record(row, score(row), NOW);
        }
        return window;
    }

    @Test
    void shouldShowPsiNearZeroWhenLiveTrafficComesFromTheTrainingDistribution() {
        final DriftWindow window = fed(features(2, 1.0));

        assertThat(window.events(NOW)).isEqualTo(ROWS);
        for (int q = 0; q <= SCORE; q++) {
            assertThat(window.psi(q, NOW)).as(window.quantities().get(q)).isBetween(0.0, 0.05);
        }
    }

    @Test
    void shouldShowLargePsiWhenAmountsShift() {
        final DriftWindow window = fed(features(2, 30.0));

        assertThat(window.psi(FeaturesV1.NAMES.indexOf("log_amount"), NOW)).isGreaterThan(0.25);
        assertThat(window.psi(SCORE, NOW)).isGreaterThan(0.25);
        assertThat(window.psi(FeaturesV1.NAMES.indexOf("type_transfer"), NOW)).as("unchanged").isLessThan(0.05);
    }

    @Test
    void shouldForgetEventsOlderThanTheWindowAndBeNaNWhenEmpty() {
        final DriftWindow window = new DriftWindow(reference, Duration.ofSeconds(10), 3);
        final DriftWindow.Recorder recorder = window.recorder();
        final double[] row = features(2, 1.0)[100];

        recorder.record(row, 0.1, NOW);
        recorder.record(row, 0.1, NOW + 10_000);
        recorder.record(row, 0.1, NOW + 20_000);

        assertThat(window.events(NOW + 20_000)).isEqualTo(3);
        assertThat(window.events(NOW + 30_000)).as("the first bucket aged out").isEqualTo(2);
        assertThat(window.events(NOW + 50_000)).isEqualTo(0);
        assertThat(window.psi(SCORE, NOW + 50_000)).isNaN();
        recorder.record(row, 0.1, NOW + 60_000);
        assertThat(window.events(NOW + 60_000)).as("a reused bucket starts from zero").isEqualTo(1);
    }

    @Test
    void shouldCountEveryEventWhenSeveralThreadsRecordWhileScraped() throws Exception {
        final DriftWindow window = new DriftWindow(reference);
        final double[][] rows = features(2, 1.0);
        final DriftWindow.Recorder shared = window.recorder();
        final int threads = 4;
        final int perThread = 25_000;
        final ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        final CountDownLatch go = new CountDownLatch(1);
        final AtomicBoolean done = new AtomicBoolean();
        try {
            final List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                // two threads share a recorder (a task moved between threads), two have their own
                final DriftWindow.Recorder r = t < 2 ? shared : window.recorder();
                writers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        final double[] row = rows[i % rows.length];
                        r.record(row, score(row), NOW);
                    }
                    return null;
                }));
            }
            final Future<?> scraper = pool.submit(() -> {
                go.await();
                while (!done.get()) {
                    window.events(NOW);
                    window.psi(SCORE, NOW);
                }
                return null;
            });
            go.countDown();
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
            done.set(true);
            scraper.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(window.events(NOW)).isEqualTo((long) threads * perThread);
        // each quantity's bins hold every event: a lost update would show as a PSI off the reference's
        final DriftWindow same = new DriftWindow(reference);
        final DriftWindow.Recorder one = same.recorder();
        for (int k = 0; k < threads * perThread; k++) {
            final double[] row = rows[(k % perThread) % rows.length];
            one.record(row, score(row), NOW);
        }
        for (int q = 0; q <= SCORE; q++) {
            assertThat(window.psi(q, NOW)).as(window.quantities().get(q)).isEqualTo(same.psi(q, NOW));
        }
    }

    @Test
    void shouldExposeOnePsiSeriesPerFeatureAndTheScoreWhenBound() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final DriftWindow window = fed(features(2, 1.0));

        window.bindTo(registry, () -> NOW);
        final String scrape = registry.scrape();

        for (String name : FeaturesV1.NAMES) {
            assertThat(scrape).contains("drift_psi{feature=\"" + name + "\"}");
        }
        assertThat(scrape).contains("drift_psi{feature=\"score\"}", "drift_window_events " + (double) ROWS);
    }
}
