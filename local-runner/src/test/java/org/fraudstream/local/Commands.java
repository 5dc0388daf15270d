package org.fraudstream.local;

import java.nio.file.Path;
import picocli.CommandLine;

/** Runs a launcher command in this JVM with its work dir in {@code work}, as {@code ./fraud} would. */
final class Commands {

    private Commands() {
    }

    static int run(Path work, Object command, String... args) {
        System.setProperty(WorkDir.PROPERTY, work.toString());
        try {
            return new CommandLine(command).execute(args);
        } finally {
            System.clearProperty(WorkDir.PROPERTY);
        }
    }
}
