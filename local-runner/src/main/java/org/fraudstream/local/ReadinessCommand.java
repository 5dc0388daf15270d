package org.fraudstream.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fraudstream.contract.JsonSerde;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fraud readiness}: checks a running stack ({@link Readiness}) and writes the report.
 * Without options it reads where {@code ./fraud up} runs from {@link StackFile}; against another
 * stack (docker compose, a cluster) give the URLs, the bootstrap servers and an API key.
 */
@Command(name = "readiness", mixinStandardHelpOptions = true,
        description = "Check a running stack (health, metrics, exactly-once counts, a feedback round trip"
                + " to a new model version) and write a pass/fail report.")
public final class ReadinessCommand implements Callable<Integer> {

    @Option(names = "--scoring-url", description = "Default: from ./fraud up, else http://localhost:8001.")
    String scoringUrl;

    @Option(names = "--feedback-url", description = "Default: from ./fraud up, else http://localhost:8000.")
    String feedbackUrl;

    @Option(names = "--updater-url", description = "Default: from ./fraud up, else http://localhost:8002.")
    String updaterUrl;

    @Option(names = "--bootstrap-servers", description = "Default: from ./fraud up, else localhost:9092.")
    String bootstrapServers;

    @Option(names = "--api-key", description = "Default: from ./fraud up, else the first of FRAUD_API_KEYS.")
    String apiKey;

    @Option(names = "--stack-file", description = "What ./fraud up wrote (default: ${DEFAULT-VALUE}).")
    Path stackFile = StackFile.DEFAULT;

    @Option(names = "--report", description = "Report file (default: ${DEFAULT-VALUE}).")
    Path report = Path.of("reports", "demo_readiness_report.json");

    @Option(names = "--probe-events", description = "Events the probe sends (default: ${DEFAULT-VALUE}).")
    int probeEvents = 4_000;

    @Option(names = "--probe-malformed", description = "Malformed records among them (default: ${DEFAULT-VALUE}).")
    int probeMalformed = 20;

    @Option(names = "--timeout-seconds", description = "Per waiting check (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 120;

    @Override
    public Integer call() throws Exception {
        final PrintStream out = System.out;
        final Readiness.Targets t = targets();
        out.printf("checking scoring %s, feedback %s, updater %s, kafka %s%n", t.scoringUrl(), t.feedbackUrl(),
                t.updaterUrl(), t.bootstrapServers());
        final List<Readiness.Check> checks = new Readiness(t, probeEvents, probeMalformed,
                Duration.ofSeconds(timeoutSeconds), out).run();
        final boolean passed = checks.stream().allMatch(Readiness.Check::passed);
        write(report, t, checks, passed);
        out.printf("%s: %d of %d checks passed; report %s%n", passed ? "READY" : "NOT READY",
                checks.stream().filter(Readiness.Check::passed).count(), checks.size(), report.toAbsolutePath());
        return passed ? 0 : 1;
    }

    private Readiness.Targets targets() throws IOException {
        final Readiness.Targets up = StackFile.read(stackFile);
        final String envKey = System.getenv("FRAUD_API_KEYS");
        return new Readiness.Targets(
                pick(scoringUrl, up == null ? null : up.scoringUrl(), "http://localhost:8001"),
                pick(feedbackUrl, up == null ? null : up.feedbackUrl(), "http://localhost:8000"),
                pick(updaterUrl, up == null ? null : up.updaterUrl(), "http://localhost:8002"),
                pick(bootstrapServers, up == null ? null : up.bootstrapServers(), "localhost:9092"),
                pick(apiKey, up == null ? null : up.apiKey(),
                        envKey == null || envKey.isBlank() ? "" : envKey.split(",")[0].trim()));
    }

    private static String pick(String option, String fromUp, String fallback) {
        return option != null ? option : fromUp != null ? fromUp : fallback;
    }

    static void write(Path file, Readiness.Targets t, List<Readiness.Check> checks, boolean passed)
            throws IOException {
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("generated_at", Instant.now().toString());
        r.put("passed", passed);
        r.put("targets", Map.of("scoring_url", t.scoringUrl(), "feedback_url", t.feedbackUrl(),
                "updater_url", t.updaterUrl(), "bootstrap_servers", t.bootstrapServers()));
        r.put("checks", checks.stream().map(c -> {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("passed", c.passed());
            m.put("detail", c.detail());
            m.put("seconds", Math.round(c.seconds() * 1000) / 1000.0);
            return m;
        }).toList());
        final Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Files.write(abs, JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(r));
    }
}
