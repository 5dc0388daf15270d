package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fraudstream.contract.JsonSerde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadinessTest {

    @TempDir
    Path dir;

    @Test
    void shouldFailEveryCheckAndSayWhyWhenNothingRuns() throws Exception {
        final int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free now, and nothing listens once closed
        }
        final String url = "http://localhost:" + port;
        final Readiness.Targets t = new Readiness.Targets(url, url, url, "localhost:" + port, "k");
        final List<Readiness.Check> checks = new Readiness(t, 10, 1, Duration.ofSeconds(1),
                new PrintStream(OutputStream.nullOutputStream())).run();

        assertThat(checks).extracting(Readiness.Check::name).containsExactly("health", "metrics_present",
                "probe_counts_add_up", "metrics_moving", "feedback_round_trip");
        assertThat(checks).noneMatch(Readiness.Check::passed);
        assertThat(checks.get(0).detail()).contains("scoring unreachable at " + url);

        final Path report = dir.resolve("reports/r.json");
        ReadinessCommand.write(report, t, checks, false);
        final JsonNode json = JsonSerde.MAPPER.readTree(report.toFile());
        assertThat(json.path("passed").asBoolean(true)).isFalse();
        assertThat(json.path("checks")).hasSize(5);
        assertThat(json.toString()).doesNotContain("\"k\""); // the API key stays out of the report
    }

    @Test
    void shouldRoundTripTheStackFileOwnerOnly() throws Exception {
        final Path f = dir.resolve("up.json");
        final Readiness.Targets t = new Readiness.Targets("http://a:1", "http://b:2", "http://c:3", "k:9", "secret");
        StackFile.write(f, t, dir);
        assertThat(StackFile.read(f)).isEqualTo(t);
        assertThat(java.nio.file.Files.getPosixFilePermissions(f))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(StackFile.read(dir.resolve("absent.json"))).isNull();
    }
}
