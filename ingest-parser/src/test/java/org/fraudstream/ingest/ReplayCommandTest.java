package org.fraudstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Option handling and error paths; none of these cases reaches a broker (port 1 is never served). */
class ReplayCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldFailNamingTheFileWhenTheInputIsMissing() {
        final Path missing = dir.resolve("nope.csv");

        assertThat(run("--input", missing.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no such file").contains(missing.toString());
    }

    @Test
    void shouldFailNamingTheHeaderWhenTheInputIsNotPaySim() throws IOException {
        final Path file = Files.writeString(dir.resolve("other.csv"), "a,b,c\n1,2,3\n");

        assertThat(run("--input", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(file.toString()).contains("header");
    }

    @Test
    void shouldFailNamingTheLineWhenARowIsBad() throws IOException {
        final Path file = Files.writeString(dir.resolve("bad.csv"), PaySimCsv.HEADER
                + "\n1,PAYMENT,oops,C1,0.0,0.0,M1,0.0,0.0,0,0\n");

        assertThat(run("--input", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(file + ":2:").contains("amount");
    }

    @Test
    void shouldFinishWithASummaryWhenThereIsNothingToSend() {
        assertThat(run("--generate", "0")).isEqualTo(0);
        assertThat(out.toString()).contains("sent=0");
    }

    @Test
    void shouldRejectTheOptionsWhenBothSourcesAreGiven() {
        assertThat(run("--generate", "5", "--input", "x.csv")).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void shouldRejectTheOptionsWhenNoSourceIsGiven() {
        assertThat(run()).isEqualTo(2);
    }

    @Test
    void shouldRejectTheOptionsWhenTheInvalidRateIsNotAProbability() {
        assertThat(run("--generate", "5", "--invalid-rate", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("invalidRate");
    }

    @Test
    void shouldRejectTheOptionsWhenTheGeneratorSettingsAreImpossible() {
        assertThat(run("--generate", "5", "--accounts", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("accounts");
    }

    @Test
    void shouldListEveryOptionWhenAskedForHelp() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out.toString()).contains("--bootstrap-servers", "--topic", "--input", "--generate", "--rate",
                "--invalid-rate", "--seed", "--fraud-rate", "--accounts", "--labels-file", "--labels-topic");
    }

    private int run(String... args) {
        final CommandLine cmd = new CommandLine(new ReplayCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        final String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--bootstrap-servers";
        all[args.length + 1] = "localhost:1";
        all[args.length + 2] = "-P";
        all[args.length + 3] = "max.block.ms=2000";
        return cmd.execute(args.length == 1 && args[0].equals("--help") ? args : all);
    }
}
