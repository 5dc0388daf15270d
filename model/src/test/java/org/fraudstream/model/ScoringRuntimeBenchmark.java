package org.fraudstream.model;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ensemble (SGD + 100-tree Isolation Forest + stacker, {@link TestEnsembles}) scored on the JVM
 * and by ONNX Runtime, one event at a time as the stream scores (with and without reason codes) and
 * in batches of 256. Every figure is ns per event. A benchmark, not a test: its numbers are written
 * down in docs/BENCHMARKS.md, with the commands that build its class path and run it (JMH options
 * such as {@code -f 1 -wi 3 -i 5 -prof gc} pass through {@link #main}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScoringRuntimeBenchmark {

    private static final int VECTORS = 4096;
    private static final int BATCH = 256;

    private EnsembleScorer jvm;
    private OnnxScorer onnx;
    private double[][] xs;
    private double[][][] batches;
    private int next;

    /** Runs this benchmark through JMH's own main; {@code args} are JMH options. */
    public static void main(String[] args) throws Exception {
        final String[] all = new String[args.length + 1];
        all[0] = ScoringRuntimeBenchmark.class.getSimpleName();
        System.arraycopy(args, 0, all, 1, args.length);
        org.openjdk.jmh.Main.main(all);
    }

    @Setup(Level.Trial)
    public void setUp() {
        jvm = TestEnsembles.bundle().ensemble();
        onnx = OnnxScorer.of(jvm);
        xs = TestEnsembles.heldOut(VECTORS, 2024L);
        batches = new double[VECTORS / BATCH][][];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = Arrays.copyOfRange(xs, b * BATCH, (b + 1) * BATCH);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        onnx.close();
    }

    private double[] nextVector() {
        return xs[next++ & (VECTORS - 1)];
    }

    private double[][] nextBatch() {
        return batches[next++ & (batches.length - 1)];
    }

    @Benchmark
    public Score jvmEvent() {
        return jvm.score(nextVector());
    }

    @Benchmark
    public Score onnxEvent() {
        return onnx.score(nextVector());
    }

    @Benchmark
    public double jvmEventScoreOnly() {
        return jvm.probability(nextVector());
    }

    @Benchmark
    public double onnxEventScoreOnly() {
        return onnx.probability(nextVector());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double[] jvmBatch256() {
        final double[][] batch = nextBatch();
        final double[] p = new double[batch.length];
        for (int i = 0; i < batch.length; i++) {
            p[i] = jvm.probability(batch[i]);
        }
        return p;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double[] onnxBatch256() {
        return onnx.scoreBatch(nextBatch());
    }
}
