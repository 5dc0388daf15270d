package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fraudstream.contract.JsonSerde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, end to end in this JVM: broker, training, scoring, traffic, summary. */
class DemoCommandIT {

    @TempDir
    Path work;

    @Test
    void shouldExitZeroWithCountsThatAddUpWhenMalformedEventsAreMixedIn() throws Exception {
        final Path json = work.resolve("out.json");
        final int exit = Commands.run(work, new DemoCommand(), "--events", "8000", "--invalid-rate", "0.02",
                "--training-events", "20000", "--json", json.toString());

        assertThat(exit).isZero();
        final JsonNode s = JsonSerde.MAPPER.readTree(json.toFile());
        assertThat(s.get("events_in").asLong()).isEqualTo(8000);
        assertThat(s.get("anomalies").asLong() + s.get("metrics").asLong() + s.get("dlq").asLong()).isEqualTo(8000);
        assertThat(s.get("dlq").asLong()).isEqualTo(s.get("invalid_injected").asLong()).isPositive();
        assertThat(s.get("duplicates").asLong()).isZero();
        assertThat(s.get("latency_ms").get("p99").asDouble()).isPositive();
        assertThat(s.get("guarantee").asText()).isEqualTo("exactly_once_v2");
        assertThat(s.has("elapsed_s") && s.has("throughput_eps") && s.has("recall")).isTrue();
        assertThat(work.resolve("labels.csv")).exists();
        // the simulated analyst's labels went through the feedback API to the updater
        assertThat(s.get("feedback_accepted").asLong()).isPositive();
        assertThat(s.get("feedback_refused").asLong()).isZero();
        assertThat(s.get("online_labels_joined").asLong()).isPositive();
        assertThat(s.get("model_versions_seen").asLong()).isGreaterThanOrEqualTo(1);
        try (var bundle = Files.list(work.resolve("model"))) {
            assertThat(bundle).isNotEmpty();
        }
    }
}
