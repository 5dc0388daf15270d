package org.fraudstream.local;

import org.fraudstream.ingest.GenerateCommand;
import org.fraudstream.ingest.ReplayCommand;
import org.fraudstream.trainer.EvaluateCommand;
import org.fraudstream.updater.ModelCommand;
import org.fraudstream.trainer.TrainCommand;
import org.fraudstream.trainer.inspect.EdaCommand;
import org.fraudstream.trainer.inspect.ValidateCommand;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code ./fraud} launcher: one entry point for every command of the suite. */
@Command(name = "fraud", mixinStandardHelpOptions = true, version = "fraudstream 0.1.0",
        description = "Real-time fraud scoring on Kafka Streams.",
        subcommands = {DemoCommand.class, BenchCommand.class, ValidateCommand.class, EdaCommand.class,
                TrainCommand.class, EvaluateCommand.class, GenerateCommand.class, ReplayCommand.class,
                ModelCommand.class, UpCommand.class, ReadinessCommand.class,
                ScoreCommand.class, BrokerCommand.class, CommandLine.HelpCommand.class})
public final class FraudCli implements Runnable {

    public static void main(String[] args) {
        WorkDir.init(args.length > 0 ? args[0] : "run"); // before any logger exists: logback.xml reads it
        final int code = new CommandLine(new FraudCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(FraudCli::failure)
                .execute(args);
        System.exit(code);
    }

    /** A failed command: one clear line on stderr, the stack trace in the run's log file. */
    private static int failure(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        LoggerFactory.getLogger(FraudCli.class).warn("{} failed", cmd.getCommandName(), ex); // file only: the console gets one line
        Throwable cause = ex;
        while (cause.getCause() != null && (cause instanceof java.util.concurrent.ExecutionException
                || cause instanceof java.util.concurrent.CompletionException || cause.getMessage() == null)) {
            cause = cause.getCause();
        }
        cmd.getErr().println(cmd.getCommandName() + ": " + (cause.getMessage() != null ? cause.getMessage()
                : cause.getClass().getSimpleName()));
        cmd.getErr().println("(details in " + WorkDir.current().resolve("fraud.log") + ")");
        return 1;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
