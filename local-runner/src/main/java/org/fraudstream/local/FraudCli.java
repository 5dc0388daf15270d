package org.fraudstream.local;

import org.fraudstream.ingest.ReplayCommand;
import org.fraudstream.trainer.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./fraud} launcher: one entry point for every command of the suite. */
@Command(name = "fraud", mixinStandardHelpOptions = true, version = "fraudstream 0.1.0",
        description = "Real-time fraud scoring on Kafka Streams.",
        subcommands = {DemoCommand.class, BenchCommand.class, TrainCommand.class, ReplayCommand.class,
                ScoreCommand.class, CommandLine.HelpCommand.class})
public final class FraudCli implements Runnable {

    public static void main(String[] args) {
        WorkDir.init(args.length > 0 ? args[0] : "run"); // before any logger exists: logback.xml reads it
        final int code = new CommandLine(new FraudCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
