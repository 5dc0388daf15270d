package org.fraudstream.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code generate}: writes generated PaySim-format traffic to a CSV (gzip when the name ends in
 * {@code .gz}), with the Kaggle file's header and labels: test data of any size, e.g. a
 * Kaggle-size file (6.3M rows) for the training scale benchmark. Exit codes: 0 written, 1 I/O error,
 * 2 bad options.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes generated PaySim-format transactions (with isFraud labels) to a CSV file.")
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--rows", paramLabel = "N", required = true, description = "Rows to write.")
    private long rows;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "CSV file to write (.gz: gzip).")
    private Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "20000",
            description = "Customer accounts. Default: ${DEFAULT-VALUE}.")
    private int accounts;

    @Option(names = "--events-per-step", paramLabel = "N", defaultValue = "2000",
            description = "Rows per step (hour). Default: ${DEFAULT-VALUE}.")
    private int eventsPerStep;

    @Option(names = "--fraud-rate", paramLabel = "F", defaultValue = "0.002",
            description = "Approximate share of fraud rows. Default: ${DEFAULT-VALUE}.")
    private double fraudRate;

    @Option(names = "--drift-step", paramLabel = "STEP",
            description = "From this step on, fraud is an account takeover (a large PAYMENT to a merchant) instead of "
                    + "a drain to a mule and its cash-out, so a model trained on earlier steps goes stale. "
                    + "Default: no drift.")
    private Integer driftStep;

    @Override
    public Integer call() {
        if (rows < 1) {
            throw new ParameterException(spec.commandLine(), "--rows must be >= 1, was " + rows);
        }
        final GeneratorConfig cfg;
        try {
            cfg = new GeneratorConfig(seed, accounts, fraudRate, eventsPerStep,
                    driftStep == null ? GeneratorConfig.NO_DRIFT : driftStep);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        final long t0 = System.nanoTime();
        try {
            PaySimCsv.write(out, new TrafficGenerator(cfg), rows);
        } catch (IOException e) {
            spec.commandLine().getErr().println("generate: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %,d rows to %s in %.1f s%n", rows, out,
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
