package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeenIdsTest {

    @Test
    void shouldReportEachIdNewOnceAndRepeatsAsSeenAcrossGrowth() {
        final SeenIds seen = new SeenIds();
        for (int i = 0; i < 200_000; i++) {
            assertThat(seen.add("run-" + i)).as("first add of run-%d", i).isTrue();
        }
        for (int i = 0; i < 200_000; i += 997) {
            assertThat(seen.add("run-" + i)).as("second add of run-%d", i).isFalse();
        }
        assertThat(seen.add("run-200000")).isTrue();
    }
}
