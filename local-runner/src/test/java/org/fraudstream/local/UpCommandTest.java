package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UpCommandTest {

    @TempDir
    Path work;

    @Test
    void shouldRefuseBeforeStartingAnythingWhenRateIsNegative() throws Exception {
        final StringWriter err = new StringWriter();
        final CommandLine cli = new CommandLine(new UpCommand()).setErr(new PrintWriter(err));
        System.setProperty(WorkDir.PROPERTY, work.toString());
        final int exit;
        try {
            exit = cli.execute("--rate", "-1");
        } finally {
            System.clearProperty(WorkDir.PROPERTY);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--rate must be >= 0");
        try (var files = Files.list(work)) {
            assertThat(files).as("no broker, no model").isEmpty();
        }
    }

    @Test
    void shouldDescribeTheTrafficOptionWhenHelpIsAsked() {
        final StringWriter out = new StringWriter();
        final CommandLine cli = new CommandLine(new UpCommand()).setOut(new PrintWriter(out));

        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("--rate", "default: 200");
    }
}
