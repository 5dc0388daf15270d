package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosRunTest {

    @Test
    void shouldScheduleEveryFaultInOrderWithinTheRunAndTheSameForTheSameSeed() throws Exception {
        final List<ChaosRun.Fault> faults = run(100_000, 3, 2, 42).schedule();

        assertThat(faults).hasSize(5);
        assertThat(faults.stream().filter(ChaosRun.Fault::broker)).hasSize(2);
        assertThat(faults).extracting(ChaosRun.Fault::atOutcomes).isSorted()
                .allSatisfy(at -> assertThat(at).isBetween(5_000L, 90_000L));
        assertThat(run(100_000, 3, 2, 42).schedule()).isEqualTo(faults);
        assertThat(run(100_000, 3, 2, 43).schedule()).isNotEqualTo(faults);
    }

    @Test
    void shouldRefuseSettingsThatCannotRun() {
        assertThatThrownBy(() -> settings(0, 1, 1, 1)).hasMessageContaining("events");
        assertThatThrownBy(() -> settings(10, -1, 1, 1)).hasMessageContaining("kills");
    }

    private static ChaosRun run(long events, int kills, int restarts, long seed) throws Exception {
        return new ChaosRun(settings(events, kills, restarts, seed), Path.of("unused"),
                new PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    private static ChaosRun.Settings settings(long events, int kills, int restarts, long seed) {
        return new ChaosRun.Settings(events, "exactly_once_v2", kills, restarts, true, seed, 0.01, 2, null, 1000,
                null, 10_000, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }
}
