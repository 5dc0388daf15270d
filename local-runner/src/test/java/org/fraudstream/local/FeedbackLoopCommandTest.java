package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.fraudstream.contract.JsonSerde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FeedbackLoopCommandTest {

    @TempDir
    Path work;

    @Test
    void shouldReplayGeneratedDriftingTrafficAndWriteTheReportWhenRunAsABenchSubcommand() throws Exception {
        final Path json = work.resolve("report.json");

        final int code = Commands.run(work, new BenchCommand(), "feedback-loop", "--quiet", "--steps", "100",
                "--events-per-step", "500", "--train-before-step", "50", "--window-steps", "25",
                "--label-delay-steps", "5", "--drift", "--drift-step", "70", "--json", json.toString());

        assertThat(code).isZero();
        final JsonNode report = JsonSerde.MAPPER.readTree(json.toFile());
        assertThat(report.at("/input").asText()).contains("driftStep=70");
        assertThat(report.at("/learning/batch_size").asInt()).isEqualTo(256);
        final JsonNode windows = report.at("/result/windows");
        assertThat(windows).hasSize(2);
        assertThat(windows.get(0).get("rows").asInt() + windows.get(1).get("rows").asInt())
                .isEqualTo(report.at("/result/rows").asInt()).isEqualTo(50 * 500);
    }

    @Test
    void shouldRefuseDriftOnAGivenFile() {
        assertThat(Commands.run(work, new BenchCommand(), "feedback-loop", "--input", "any.csv", "--drift"))
                .isEqualTo(CommandLine.ExitCode.USAGE);
    }

    @Test
    void shouldKeepTheBenchOptionsBesideTheNewSubcommand() {
        final CommandLine bench = new CommandLine(new BenchCommand());
        final StringWriter out = new StringWriter();
        bench.setOut(new PrintWriter(out));

        assertThat(bench.execute("--help")).isZero();
        assertThat(out.toString()).contains("--events=", "--skip-latency", "feedback-loop");
        assertThat(bench.getSubcommands()).containsOnlyKeys("feedback-loop", "chaos", "loop-chaos", "soak");
    }
}
