package org.fraudstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fraudstream.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        final CommandLine cmd = new CommandLine(new TrainCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    private Path csv() throws IOException {
        return PaySimFixture.write(tmp.resolve("in.csv"), PaySimFixture.rows(20, 100, 0.04, 3L));
    }

    @Test
    void shouldTrainAndPrintTheMetricsTableWhenInputIsValid() throws Exception {
        final Path bundle = tmp.resolve("bundle");

        final int code = run("--input", csv().toString(), "--out", bundle.toString(), "--seed", "7", "--epochs", "2",
                "--exclude-balance-features", "--alert-budget", "0.01", "--quiet");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("pr_auc", "roc_auc", "precision_at_budget", "recall_at_budget",
                "validation steps");
        final ModelBundle loaded = ModelBundle.load(bundle);
        assertThat(loaded.manifest().seed()).isEqualTo(7L);
        assertThat(loaded.manifest().alertBudget()).isEqualTo(0.01);
        assertThat(loaded.manifest().parameters()).containsEntry("epochs", 2);
        assertThat(loaded.manifest().excludedFeatures()).contains("orig_drained");
    }

    @Test
    void shouldExitNonZeroWithTheLineWhenTheFileIsBad() throws IOException {
        final Path bad = Files.writeString(tmp.resolve("bad.csv"), "step,type\n1,2\n");

        final int code = run("--input", bad.toString(), "--out", tmp.resolve("b").toString(), "--quiet");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("bad.csv:1", "not a PaySim CSV header");
        assertThat(tmp.resolve("b")).doesNotExist();
    }

    @Test
    void shouldExitNonZeroWhenTheInputDoesNotExist() {
        final int code = run("--input", tmp.resolve("missing.csv").toString(), "--out", tmp.resolve("b").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("missing.csv", "does not exist");
    }

    @Test
    void shouldRejectAnAlertBudgetOutsideTheUnitInterval() throws IOException {
        final int code = run("--input", csv().toString(), "--out", tmp.resolve("b").toString(), "--alert-budget", "2");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("alert budget must be in (0, 1]");
    }

    @Test
    void shouldRequireInputAndOut() {
        assertThat(run("--seed", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--input", "--out");
    }
}
