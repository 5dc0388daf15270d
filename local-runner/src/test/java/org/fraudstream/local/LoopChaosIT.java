package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fraudstream.kafka.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online updater in its own JVM under exactly_once_v2, killed with SIGKILL twice in the middle
 * of its mini-batches while 2,000 distinct labels flow: every accepted label is taken by the learner
 * once, and the published versions, the holdout and what is left in the batch account for all of them.
 */
class LoopChaosIT {

    @TempDir
    Path work;

    @Test
    void shouldApplyEveryLabelOnceWhenTheUpdaterIsKilledMidBatch() throws Exception {
        final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        final Map<String, Object> report;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            report = new LoopChaos(kafka, work.resolve("loop-chaos"),
                    new LoopChaos.Settings(2_000, 2, 11, 2, 128, 1_000, 0.1, "exactly_once_v2"), quiet).run();
        }

        assertThat(report.get("kills")).isEqualTo(2);
        assertThat(report.get("labels_sent")).isEqualTo(2_000L);
        assertThat(report.get("labels_accepted")).isEqualTo(2_000L);
        assertThat(report.get("applied_twice")).isEqualTo(0L);
        assertThat(report.get("missing")).isEqualTo(0L);
        assertThat((long) report.get("versions_published")).isGreaterThan(2L);
        assertThat((long) report.get("labels_holdout")).isEqualTo(2_000L / LoopChaos.HOLDOUT_EVERY);
        assertThat((long) report.get("labels_used") + (long) report.get("labels_held_at_end"))
                .isEqualTo(2_000L - 2_000L / LoopChaos.HOLDOUT_EVERY);
        assertThat((long) report.get("versions_published_again_after_kills")).isNotNegative();
        assertThat(report.get("all_accounted")).as("report %s", report).isEqualTo(true);
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> kills = (List<Map<String, Object>>) report.get("kill_details");
        assertThat(kills).allSatisfy(k -> assertThat((long) k.get("versions_published_by_killed_process"))
                .isPositive());
    }
}
