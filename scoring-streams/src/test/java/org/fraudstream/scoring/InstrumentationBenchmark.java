package org.fraudstream.scoring;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.fraudstream.contract.FeatureReplay;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.TrafficGenerator;
import org.fraudstream.model.DriftReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the scoring processor adds per event for its metrics, apart from the model itself: two
 * {@code nanoTime} reads around the model, the counters, the score and latency histograms, one
 * {@code currentTimeMillis} and the end-to-end latency ({@link #metrics}); the drift window's
 * binning of the 28 features and the score ({@link #drift}); and both ({@link #all}). Served vectors
 * from generated traffic, a reference from other generated traffic. Every figure is ns per event; a
 * benchmark, not a test (numbers in docs/BENCHMARKS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InstrumentationBenchmark {

    private static final int VECTORS = 4096;

    private ScoringMetrics metrics;
    private DriftWindow.Recorder recorder;
    private double[][] xs;
    private double[] scores;
    private long stamp;
    private int next;

    /** Runs this benchmark through JMH's own main; {@code args} are JMH options. */
    public static void main(String[] args) throws Exception {
        final String[] all = new String[args.length + 1];
        all[0] = InstrumentationBenchmark.class.getSimpleName();
        System.arraycopy(args, 0, all, 1, args.length);
        org.openjdk.jmh.Main.main(all);
    }

    private static double[][] vectors(long seed, int n) {
        final TrafficGenerator gen = new TrafficGenerator(GeneratorConfig.defaults(seed).withAccounts(2_000));
        final FeatureReplay replay = new FeatureReplay();
        final double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = replay.next(gen.next().toEvent("t" + i, 0L));
        }
        return rows;
    }

    @Setup(Level.Trial)
    public void setUp() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new ScoringMetrics(registry);
        final double[][] training = vectors(1, 20_000);
        final double[] trainingScores = new double[training.length];
        for (int i = 0; i < training.length; i++) {
            trainingScores[i] = score(training[i]);
        }
        final DriftWindow window = new DriftWindow(DriftReference.of(training, trainingScores));
        window.bindTo(registry, System::currentTimeMillis);
        recorder = window.recorder();
        xs = vectors(2, VECTORS);
        scores = new double[VECTORS];
        for (int i = 0; i < VECTORS; i++) {
            scores[i] = score(xs[i]);
        }
        stamp = System.currentTimeMillis();
    }

    private static double score(double[] f) {
        return 1.0 / (1.0 + Math.exp(-(f[5] - 11.0)));
    }

    @Benchmark
    public long metrics() {
        final int i = next++ & (VECTORS - 1);
        final long t0 = System.nanoTime();
        final long nanos = System.nanoTime() - t0;
        metrics.scored(scores[i] >= 0.5, scores[i], nanos);
        final long now = System.currentTimeMillis();
        metrics.forwarded(now - stamp);
        return now;
    }

    @Benchmark
    public int drift() {
        final int i = next++ & (VECTORS - 1);
        recorder.record(xs[i], scores[i], System.currentTimeMillis());
        return i;
    }

    @Benchmark
    public long all() {
        final int i = next++ & (VECTORS - 1);
        final long t0 = System.nanoTime();
        final long nanos = System.nanoTime() - t0;
        metrics.scored(scores[i] >= 0.5, scores[i], nanos);
        final long now = System.currentTimeMillis();
        metrics.forwarded(now - stamp);
        recorder.record(xs[i], scores[i], now);
        return now;
    }
}
