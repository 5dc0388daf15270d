package org.fraudstream.trainer.inspect;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fraudstream.ingest.CsvFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eda}: a PaySim CSV (plain or gzip) in; its profile out (class balance, fraud by type, amount
 * quantiles, steps, distinct accounts) as tables on stdout and optionally JSON. One streaming pass,
 * progress on stderr. Exit codes: 0 done, 1 the file is not a valid PaySim CSV (the first bad line is
 * named; {@code validate} lists them all), 2 bad options or an input that cannot be read.
 */
@Command(name = "eda", mixinStandardHelpOptions = true, version = "eda 0.1.0",
        description = "Profiles a PaySim CSV: class imbalance, fraud by type, amount quantiles, step range, "
                + "distinct accounts.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:not a valid PaySim CSV (the first bad line is named; validate lists all)",
            "2:bad options, or the input cannot be read"})
public final class EdaCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "PaySim CSV, plain or gzip.")
    private Path input;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write the figures as JSON to OUT.")
    private Path json;

    @Option(names = "--quiet", description = "No progress bar.")
    private boolean quiet;

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        if (!Inspect.checkInput("eda", input, err)) {
            return Inspect.EXIT_USAGE;
        }
        final EdaReport report;
        try {
            report = PaySimProfile.of(input, DistinctCounter.DEFAULT_CAP, Inspect.progress(input, quiet));
        } catch (CsvFormatException e) {
            return fail(err, Inspect.EXIT_BAD_FILE, e.getMessage() + " (validate --input " + input
                    + " lists every problem)");
        } catch (IOException | UncheckedIOException e) {
            return fail(err, Inspect.EXIT_USAGE, "cannot read " + input + ": " + e.getMessage());
        }
        report.print(spec.commandLine().getOut());
        if (json != null) {
            try {
                Inspect.writeJson(json, report.toJson());
            } catch (IOException e) {
                return fail(err, Inspect.EXIT_USAGE, "cannot write " + json + ": " + e.getMessage());
            }
        }
        return Inspect.EXIT_OK;
    }

    private static int fail(PrintWriter err, int code, String message) {
        err.println("eda: " + message);
        err.flush();
        return code;
    }
}
