package org.fraudstream.trainer.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;
import org.junit.jupiter.api.Test;

class FileProgressTest {

    @Test
    void shouldCountBytesOnTheBarAndRowsBesideIt() {
        final List<String> events = new ArrayList<>();
        final ProgressListener listener = new ProgressListener() {
            @Override
            public void start(String phase, long total, String unit) {
                events.add("start " + phase + " " + total + " " + unit);
            }

            @Override
            public void step(long done) {
                events.add("step " + done);
            }

            @Override
            public void message(String text) {
                events.add(text.replaceAll(", .* rows/s", ", _ rows/s"));
            }

            @Override
            public void end() {
                events.add("end");
            }
        };
        final AtomicLong bytes = new AtomicLong();

        try (FileProgress p = new FileProgress(listener, "validate", 1000, bytes::get)) {
            for (int i = 0; i < 20_000; i++) {
                bytes.addAndGet(i < 16_384 ? 0 : 1);
                p.row();
            }
            bytes.set(1000);
        }

        assertThat(events).containsExactly("start validate 1000 B", "step 0", "16k rows, _ rows/s",
                "step 1000", "20k rows, _ rows/s", "end");
    }

    @Test
    void shouldKeepNumbersShort() {
        assertThat(FileProgress.compact(9_999)).isEqualTo("9999");
        assertThat(FileProgress.compact(987_114)).isEqualTo("987k");
        assertThat(FileProgress.compact(6_362_620)).isEqualTo("6.36M");
        assertThat(FileProgress.compact(63_626_200)).isEqualTo("63.6M");
    }
}
