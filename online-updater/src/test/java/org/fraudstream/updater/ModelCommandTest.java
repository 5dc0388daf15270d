package org.fraudstream.updater;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.fraudstream.model.ModelUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new ModelCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }

    private static ModelUpdate online(int n, String parent, String createdAt) {
        return new ModelUpdate("sgd-online-" + n + "-0000000" + n, parent, createdAt, "FEATURES_V1", "h",
                TestBundles.base().root().featureNames(), TestBundles.base().root().sgd(), 256,
                new ModelUpdate.Gate(ModelUpdate.Metric.LOG_LOSS, 0.30, 0.31, 2000));
    }

    @Test
    void shouldMakeANewVersionWithTheSameWeightsWhoseParentIsTheVersionRestored() {
        final ModelUpdate target = online(3, "sgd-online-2-00000002", "2026-01-01T10:00:00Z");

        final ModelUpdate r = ModelCommand.rollbackOf(target, Instant.parse("2026-01-02T03:04:05.678Z"));

        assertThat(r.version()).isEqualTo("sgd-rollback-20260102030405678-"
                + ModelUpdate.shortHash(target.toLogisticModel()));
        assertThat(r.parentVersion()).isEqualTo(target.version());
        assertThat(r.sgd()).isEqualTo(target.sgd());
        assertThat(r.featureNames()).isEqualTo(target.featureNames());
        assertThat(r.labelsUsed()).isZero();
        assertThat(r.gate()).isEqualTo(ModelUpdate.Gate.none());
        assertThat(r.createdAt()).isEqualTo("2026-01-02T03:04:05.678Z");
    }

    @Test
    void shouldFailAndPublishNothingWhenTheVersionIsNotArchived() {
        new ModelArchive(dir).save(online(1, TestBundles.BASE_VERSION, "2026-01-01T10:00:00Z"));

        final int code = run("rollback", "--to", "sgd-online-9-deadbeef", "--model-dir", dir.toString(),
                "--bootstrap-servers", "localhost:1");

        assertThat(code).isEqualTo(ModelCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("no version sgd-online-9-deadbeef in " + dir);
        assertThat(new ModelArchive(dir).list()).hasSize(1);
    }

    @Test
    void shouldListTheArchivedVersionsOldestFirst() {
        final ModelArchive archive = new ModelArchive(dir);
        archive.save(online(2, "sgd-online-1-00000001", "2026-01-01T11:00:00Z"));
        archive.save(online(1, TestBundles.BASE_VERSION, "2026-01-01T10:00:00Z"));
        archive.save(TestBundles.base().root());

        final int code = run("list", "--model-dir", dir.toString());

        assertThat(code).isZero();
        assertThat(out.toString().lines().skip(1).map(l -> l.split(" +")[0]))
                .containsExactly(TestBundles.BASE_VERSION, "sgd-online-1-00000001", "sgd-online-2-00000002");
        assertThat(out.toString()).contains("log_loss 0.30000 vs 0.31000 on 2000");
    }

    @Test
    void shouldRefuseARollbackWithoutATarget() {
        assertThat(run("rollback", "--model-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--to");
    }
}
