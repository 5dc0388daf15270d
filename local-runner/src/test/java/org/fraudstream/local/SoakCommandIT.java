package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fraud bench soak}, scaled down (30 s at 500 events/s, a sample every 3 s): the CSV has the
 * documented columns and one row per sample with readings in it, and the PNG is a readable image
 * with one panel per series. The figures of a real soak belong in docs/BENCHMARKS.md.
 */
class SoakCommandIT {

    @TempDir
    Path work;

    @Test
    void shouldWriteSamplesToCsvAndPngWhenRunForHalfAMinute() throws Exception {
        final Path csv = work.resolve("soak.csv");
        final Path png = work.resolve("soak.png");

        final int exit = Commands.run(work, new BenchCommand(), "soak", "--rate", "500", "--minutes", "0.5",
                "--sample-seconds", "3", "--training-rows", "20000", "--partitions", "2", "--csv", csv.toString(),
                "--png", png.toString());

        assertThat(exit).isZero();
        final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo(SoakCommand.CSV_HEADER);
        final List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
        assertThat(rows).hasSizeBetween(9, 10); // every 3 s over 30 s
        for (String[] r : rows) {
            assertThat(r).hasSize(SoakCommand.CSV_HEADER.split(",").length);
            assertThat(Double.parseDouble(r[2])).as("state on disk, MB").isPositive();
            assertThat(Long.parseLong(r[3])).as("consumer lag (the broker answers in this short run)").isNotNegative();
        }
        assertThat(rows.stream().filter(r -> !r[1].isEmpty() && Double.parseDouble(r[1]) > 0).count())
                .as("heap readings after a GC (none before the first GC)").isGreaterThanOrEqualTo(rows.size() / 2);
        final String[] last = rows.get(rows.size() - 1);
        assertThat(Long.parseLong(last[5])).as("events sent").isGreaterThan(Long.parseLong(rows.get(0)[5]));
        assertThat(Long.parseLong(last[6])).as("outcomes seen").isPositive();
        assertThat(rows.stream().filter(r -> !r[4].isEmpty()).count()).as("windows with a p99").isPositive();
        assertThat(work.resolve("histogram-end.txt")).isNotEmptyFile();

        final BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(SoakPlot.WIDTH);
        assertThat(img.getHeight()).isEqualTo(4 * SoakPlot.PANEL_HEIGHT + 30);
    }
}
