package org.fraudstream.updater;

import java.util.concurrent.TimeUnit;
import org.fraudstream.model.LogisticModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Throughput of the online update on one thread (JMH): a benchmark, not a test; its numbers are
 * written down in docs/BENCHMARKS.md ("Online update throughput"), never asserted.
 * <ul>
 *   <li>{@code partialFit}: {@link OnlineSgd#partialFit} of a 256-label mini-batch (default parameters:
 *       one epoch, gradient steps of 32), reported per label;</li>
 *   <li>{@code gate}: {@link PromotionGate#evaluate} of candidate and current on a full 2,000-label
 *       holdout (log-loss), reported per held-out label scored (two models each).</li>
 * </ul>
 * Run with few iterations: {@code main}, see docs/BENCHMARKS.md for the command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class OnlineSgdBenchmark {

    static final int BATCH = 256;
    static final int HOLDOUT = 2_000;

    private OnlineSgd sgd;
    private PromotionGate gate;
    private LogisticModel current;
    private LogisticModel candidate;
    private TestData batch;
    private HoldoutBuffer holdout;

    @Setup
    public void setUp() {
        sgd = new OnlineSgd(OnlineSgdParams.defaults(), new int[] {TestData.EXCLUDED});
        gate = new PromotionGate(PromotionGate.Config.defaults());
        batch = TestData.generate(BATCH, 0.2, 42);
        current = TestData.untrained();
        candidate = ((OnlineSgd.Fitted) sgd.partialFit(current, batch.x, batch.y)).model();
        final TestData h = TestData.generate(HOLDOUT, 0.05, 43);
        holdout = new HoldoutBuffer(HOLDOUT);
        for (int i = 0; i < HOLDOUT; i++) {
            holdout.add(new LabeledExample("h" + i, h.x[i], h.y[i], "v", i));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public OnlineSgd.FitResult partialFit() {
        return sgd.partialFit(current, batch.x, batch.y);
    }

    @Benchmark
    @OperationsPerInvocation(HOLDOUT)
    public PromotionGate.Verdict gate() {
        return gate.evaluate(candidate, current, holdout);
    }

    /** Runs both benchmarks with the iterations above (one fork, about 45 s). */
    public static void main(String[] args) throws RunnerException {
        final Options options = new OptionsBuilder().include(OnlineSgdBenchmark.class.getName() + "\\.")
                .shouldFailOnError(true).build();
        new Runner(options).run();
    }
}
