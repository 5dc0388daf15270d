package org.fraudstream.trainer.inspect;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** A command run in-process through picocli, its exit code and what it printed. */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun of(Object command, String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cmd = new CommandLine(command);
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        final int code = cmd.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
