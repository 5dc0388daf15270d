package org.fraudstream.trainer.inspect;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.trainer.ConsoleProgress;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;

/** What the inspect commands share: their exit codes, the input check, progress and the JSON file. */
final class Inspect {

    static final int EXIT_OK = 0;
    /** The file has errors ({@code validate}) or is not a readable PaySim CSV ({@code eda}). */
    static final int EXIT_BAD_FILE = 1;
    /** Bad options, a missing or unreadable input, an output that cannot be written: picocli's usage code. */
    static final int EXIT_USAGE = 2;

    /** Below this a pass is over before a bar would draw. */
    private static final long PROGRESS_MIN_BYTES = 1 << 20;

    private Inspect() {
    }

    /** One line on {@code err} and {@code false} when {@code input} is not a file that can be read. */
    static boolean checkInput(String command, Path input, PrintWriter err) {
        final String problem = !Files.exists(input) ? "does not exist"
                : !Files.isRegularFile(input) ? "is not a regular file"
                : !Files.isReadable(input) ? "is not readable" : null;
        if (problem != null) {
            err.println(command + ": input file " + input + " " + problem);
            err.flush();
        }
        return problem == null;
    }

    /** A bar on stderr for a file big enough to take a while, unless {@code quiet}. */
    static ProgressListener progress(Path input, boolean quiet) throws IOException {
        return quiet || Files.size(input) < PROGRESS_MIN_BYTES ? ProgressListener.NONE : new ConsoleProgress(System.err);
    }

    static void writeJson(Path out, Object json) throws IOException {
        final Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), json);
    }
}
