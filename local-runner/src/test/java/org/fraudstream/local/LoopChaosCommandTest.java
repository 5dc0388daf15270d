package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LoopChaosCommandTest {

    @TempDir
    Path work;

    @Test
    void shouldRefuseMoreKillsThanLabelsBeforeStartingAnything() {
        final CommandLine cli = new CommandLine(new BenchCommand());
        final StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        System.setProperty(WorkDir.PROPERTY, work.toString());
        try {
            assertThat(cli.execute("loop-chaos", "--labels", "3", "--kills", "3")).isEqualTo(CommandLine.ExitCode.USAGE);
        } finally {
            System.clearProperty(WorkDir.PROPERTY);
        }
        assertThat(err.toString()).contains("kills must be fewer than labels");
        assertThat(work.resolve("kafka")).doesNotExist();
    }

    @Test
    void shouldRefuseABatchSizeBelowOne() throws Exception {
        assertThat(Commands.run(work, new BenchCommand(), "loop-chaos", "--batch-size", "0"))
                .isEqualTo(CommandLine.ExitCode.USAGE);
        try (var files = Files.list(work)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void shouldRefuseAnUnknownGuarantee() {
        assertThat(Commands.run(work, new BenchCommand(), "loop-chaos", "--guarantee", "exactly_once"))
                .isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(work.resolve("kafka")).doesNotExist();
    }
}
