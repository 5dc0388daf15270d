package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small chaos run: broker and scoring app in JVMs of their own, the app killed with SIGKILL twice
 * and the broker killed and restarted once while 30,000 records (malformed ones among them) flow;
 * under exactly_once_v2 every record must come out exactly once.
 */
class ChaosIT {

    @TempDir
    Path work;

    @Test
    void shouldDeliverEveryRecordExactlyOnceThroughAppKillsAndABrokerRestart() throws Exception {
        final ByteArrayOutputStream console = new ByteArrayOutputStream();
        final ChaosRun.Settings settings = new ChaosRun.Settings(30_000, StreamsConfig.EXACTLY_ONCE_V2, 2, 1, true, 7,
                0.01, 2, null, 10_000, null, 10_000, Duration.ofSeconds(3), Duration.ofSeconds(90));

        final Map<String, Object> report = new ChaosRun(settings, work,
                new PrintStream(console, true, StandardCharsets.UTF_8)).run();

        final String log = console.toString(StandardCharsets.UTF_8);
        assertThat(report.get("events_in")).as(log).isEqualTo(30_000L);
        assertThat((Long) report.get("malformed_in")).as(log).isPositive();
        assertThat(report.get("kills")).as(log).isEqualTo(2);
        assertThat(report.get("broker_restarts")).as(log).isEqualTo(1);
        assertThat(report.get("missing")).as(log).isEqualTo(0L);
        assertThat(report.get("duplicates")).as(log).isEqualTo(0L);
        assertThat(report.get("unexpected")).as(log).isEqualTo(0L);
        assertThat(report.get("all_delivered")).as(log).isEqualTo(true);
        assertThat(log).contains("scoring app killed with SIGKILL", "broker killed with SIGKILL", "verified 30,000 outcomes");
    }
}
