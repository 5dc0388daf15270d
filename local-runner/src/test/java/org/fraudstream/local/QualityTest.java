package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityTest {

    @TempDir
    Path dir;

    @Test
    void shouldScoreFlaggedIdsAgainstTheLabelsFile() throws Exception {
        final Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "transactionId,isFraud,step\nt-1,1,0\nt-2,0,0\nt-3,1,1\nt-4,0,2\nt-5,1,2\n");

        final Quality q = Quality.of(labels, Set.of("t-1", "t-2", "t-5", "t-9"));

        assertThat(q.frauds()).isEqualTo(3);
        assertThat(q.truePositives()).isEqualTo(2);
        assertThat(q.precision()).isEqualTo(0.5);
        assertThat(q.recall()).isEqualTo(2.0 / 3.0);
        assertThat(Quality.of(labels, Set.of()).precision()).isNaN();
    }
}
