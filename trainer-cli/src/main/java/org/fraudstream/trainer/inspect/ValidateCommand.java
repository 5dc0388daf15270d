package org.fraudstream.trainer.inspect;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code validate}: a PaySim CSV (plain or gzip) in; its problems out, each with its line, as a table
 * on stdout and optionally JSON. One streaming pass in constant memory, progress on stderr. Exit
 * codes: 0 no errors (warnings allowed), 1 errors, 2 bad options or an input that cannot be read.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, version = "validate 0.1.0",
        description = "Checks a PaySim CSV: header, types, numbers, steps, labels, ids and line structure. "
                + "Lists each problem with its line (the header is line 1).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:no errors (warnings allowed)", "1:errors", "2:bad options, or the input cannot be read"})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "PaySim CSV, plain or gzip.")
    private Path input;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write the report as JSON to OUT.")
    private Path json;

    @Option(names = "--max-problems", paramLabel = "N", defaultValue = "20",
            description = "Problems listed per code; all are counted (default: ${DEFAULT-VALUE}).")
    private int maxProblems;

    @Option(names = "--quiet", description = "No progress bar.")
    private boolean quiet;

    @Override
    public Integer call() {
        if (maxProblems < 0) {
            throw new ParameterException(spec.commandLine(), "--max-problems must be >= 0, was " + maxProblems);
        }
        final PrintWriter err = spec.commandLine().getErr();
        if (!Inspect.checkInput("validate", input, err)) {
            return Inspect.EXIT_USAGE;
        }
        final ValidationReport report;
        try {
            report = PaySimValidator.validate(input, maxProblems, Inspect.progress(input, quiet));
        } catch (IOException | UncheckedIOException e) {
            err.println("validate: cannot read " + input + ": " + e.getMessage());
            err.flush();
            return Inspect.EXIT_USAGE;
        }
        report.print(spec.commandLine().getOut());
        if (json != null) {
            try {
                Inspect.writeJson(json, report.toJson());
            } catch (IOException e) {
                err.println("validate: cannot write " + json + ": " + e.getMessage());
                err.flush();
                return Inspect.EXIT_USAGE;
            }
        }
        return report.valid() ? Inspect.EXIT_OK : Inspect.EXIT_BAD_FILE;
    }
}
