package org.fraudstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.ingest.PaySimRow;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;
import org.fraudstream.trainer.TrainingPipeline.TrainOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluateCommandTest {

    @TempDir
    static Path dir;

    private static Path csv;
    private static Path bundle;

    @BeforeAll
    static void trainOnEarlySteps() throws Exception {
        final List<PaySimRow> rows = PaySimFixture.rows(40, 100, 0.03, 9L);
        csv = PaySimFixture.write(dir.resolve("paysim.csv"), rows);
        bundle = dir.resolve("bundle");
        TrainingPipeline.train(csv, bundle, TrainOptions.defaults().withEpochs(2).withTrainBeforeStep(30),
                ProgressListener.NONE);
    }

    private record Run(int exit, String out, String err) { }

    private static Run run(String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = new CommandLine(new EvaluateCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        final int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void shouldReportEnsembleAndEveryModelOnTheLaterStepsOnly() throws Exception {
        final Path json = dir.resolve("report.json");
        final Run r = run("--model", bundle.toString(), "--input", csv.toString(), "--from-step", "30",
                "--json", json.toString(), "--quiet");

        assertThat(r.exit()).as(r.err()).isZero();
        final JsonNode report = JsonSerde.MAPPER.readTree(json.toFile());
        final long expectedRows = PaySimFixture.rows(40, 100, 0.03, 9L).stream().filter(p -> p.step() >= 30).count();
        assertThat(report.get("rows").asLong()).isEqualTo(expectedRows);
        assertThat(report.get("rows_replayed_for_history").asLong()).isPositive();
        for (String key : List.of("pr_auc", "roc_auc", "budget", "precision_at_budget", "recall_at_budget")) {
            assertThat(report.has(key)).as(key).isTrue();
        }
        assertThat(report.get("budget").asDouble()).isEqualTo(0.005);
        final JsonNode models = report.get("models");
        assertThat(models.has("sgd")).isTrue();
        assertThat(models.has("iforest")).isTrue();
        models.forEach(m -> {
            for (String key : List.of("pr_auc", "roc_auc", "budget", "precision_at_budget", "recall_at_budget")) {
                assertThat(m.has(key)).as(key).isTrue();
            }
        });
        assertThat(report.get("pr_auc").asDouble()).isBetween(0.0, 1.0);
        assertThat(r.out()).contains("ensemble", "sgd", "iforest");
    }

    @Test
    void shouldFailClearlyForAMissingBundleOrInputOrNoLateRows() {
        final Run noModel = run("--model", dir.resolve("nope").toString(), "--input", csv.toString());
        assertThat(noModel.exit()).isEqualTo(1);
        assertThat(noModel.err()).contains("does not exist");
        final Run noInput = run("--model", bundle.toString(), "--input", dir.resolve("none.csv").toString());
        assertThat(noInput.exit()).isEqualTo(1);
        assertThat(noInput.err()).contains("none.csv");
        final Run tooLate = run("--model", bundle.toString(), "--input", csv.toString(), "--from-step", "999", "--quiet");
        assertThat(tooLate.exit()).isEqualTo(1);
        assertThat(tooLate.err()).contains("no rows at or after step 999");
        assertThat(run("--model", bundle.toString(), "--input", csv.toString(), "--budget", "0").exit()).isEqualTo(2);
    }

    @Test
    void shouldLeaveNoHalfWrittenBundleWhenTrainingFails() throws Exception {
        final Path bad = Files.writeString(dir.resolve("bad.csv"),
                "step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest,oldbalanceDest,newbalanceDest,isFraud,isFlaggedFraud\n"
                        + "1,PAYMENT,12.5,C1,100,87.5,M1,0,0,0,0\n1,PAYMENT,x,C2,1,1,M2,0,0,0,0\n");
        final Path out = dir.resolve("never");
        final StringWriter err = new StringWriter();
        final CommandLine cli = new CommandLine(new TrainCommand());
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("--input", bad.toString(), "--out", out.toString(), "--quiet")).isEqualTo(1);
        assertThat(err.toString()).contains("bad.csv:3:", "amount");
        assertThat(out).doesNotExist();
        try (var siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
    }
}
