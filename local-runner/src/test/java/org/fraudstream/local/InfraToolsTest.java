package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The infrastructure files checked by their own tools: {@code promtool check config}, {@code promtool
 * check rules}, {@code promtool test rules} (alerts_test.yml) and {@code docker-compose config -q}.
 * A missing tool skips its check with a message, except under {@code CI=true}, where it fails: CI
 * installs the tools (.ci/run) and must never skip these silently.
 */
class InfraToolsTest {

    @Test
    void shouldAcceptThePrometheusConfigWhenPromtoolChecksIt() throws Exception {
        run("promtool", "check", "config", InfraFiles.PROMETHEUS);
    }

    @Test
    void shouldAcceptTheAlertRulesWhenPromtoolChecksThem() throws Exception {
        run("promtool", "check", "rules", InfraFiles.ALERTS);
    }

    @Test
    void shouldPassTheAlertUnitTestsWhenPromtoolRunsThem() throws Exception {
        run("promtool", "test", "rules", InfraFiles.ALERTS_TEST);
    }

    @Test
    void shouldAcceptTheComposeFileWhenDockerComposeChecksIt() throws Exception {
        run("docker-compose", "-f", InfraFiles.COMPOSE, "config", "-q");
    }

    /** Runs the tool in the repository root; its output goes to the test log and into a failure. */
    private static void run(String tool, String... args) throws IOException, InterruptedException {
        final Path exe = requireTool(tool);
        final List<String> command = new ArrayList<>();
        command.add(exe.toString());
        command.addAll(List.of(args));
        final Process p = new ProcessBuilder(command).directory(InfraFiles.root().toFile())
                .redirectErrorStream(true).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not end within 2 minutes");
        }
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.printf("$ %s%n%s%n", String.join(" ", command), output);
        assertThat(p.exitValue()).as("exit status of %s; output:%n%s", String.join(" ", command), output).isZero();
    }

    private static Path requireTool(String tool) {
        final String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            final Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        final String message = tool + " is not installed (on PATH); .ci/run installs it";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        Assumptions.abort(message + ": check skipped");
        throw new AssertionError("unreachable");
    }
}
