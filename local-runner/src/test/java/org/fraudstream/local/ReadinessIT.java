package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.fraudstream.kafka.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fraud readiness} against the suite as {@code ./fraud up} runs it (default updater and gate
 * settings), on a real broker: every check passes, including the labels' round trip to a new
 * model version that scores.
 */
class ReadinessIT {

    @TempDir
    Path work;

    @Test
    void shouldPassEveryCheckAgainstARunningSuite() throws Exception {
        final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            final Path modelDir = Stack.trainOnGenerated(work, 20_000, 3, quiet);
            try (Suite suite = Suite.start(kafka, work, modelDir, StreamsConfig.EXACTLY_ONCE_V2, 2, Suite.Ports.ANY,
                    Map.of("FRAUD_API_KEYS", "it-key-0123456789abcdef"), quiet)) {
                final Readiness.Targets t = new Readiness.Targets(
                        "http://localhost:" + suite.scoring.httpPort(), "http://localhost:" + suite.feedback.port(),
                        "http://localhost:" + suite.updater.httpPort(), kafka.bootstrapServers(), suite.apiKey);
                final ByteArrayOutputStream log = new ByteArrayOutputStream();
                final List<Readiness.Check> checks = new Readiness(t, 4_000, 20, Duration.ofMinutes(2),
                        new PrintStream(log, true, StandardCharsets.UTF_8)).run();

                assertThat(checks).as(log.toString(StandardCharsets.UTF_8)).allMatch(Readiness.Check::passed);
                assertThat(checks).extracting(Readiness.Check::name).containsExactly("health", "metrics_present",
                        "probe_counts_add_up", "metrics_moving", "feedback_round_trip");
                assertThat(checks.get(2).detail()).contains("4000 scored").contains("20 in dlq")
                        .contains("0 missing, 0 duplicated");
            }
        }
    }
}
