package org.fraudstream.trainer.inspect;

import java.util.Locale;
import java.util.function.LongSupplier;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;

/**
 * Progress of one pass over a file: the bar counts the file's stored bytes, so its ETA holds for a
 * gzip file too (whose row count is unknown until the end); rows and rows/s are shown beside it.
 */
final class FileProgress implements AutoCloseable {

    private static final long EVERY = 1 << 14;

    private final ProgressListener listener;
    private final LongSupplier bytesRead;
    private final long startNanos = System.nanoTime();
    private long rows;

    FileProgress(ProgressListener listener, String phase, long fileBytes, LongSupplier bytesRead) {
        this.listener = listener;
        this.bytesRead = bytesRead;
        listener.start(phase, fileBytes, "B");
    }

    /** One more row read. */
    void row() {
        if (++rows % EVERY == 0) {
            update();
        }
    }

    @Override
    public void close() {
        update();
        listener.end();
    }

    private void update() {
        listener.step(bytesRead.getAsLong());
        final double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        listener.message(compact(rows) + " rows, " + compact(rows / seconds) + " rows/s");
    }

    /** Three significant digits at most, so the note fits beside the bar on an 80-column console. */
    static String compact(double n) {
        if (n < 10_000) {
            return String.format(Locale.ROOT, "%.0f", n);
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.0fk", n / 1e3);
        }
        return String.format(Locale.ROOT, n < 1e7 ? "%.2fM" : n < 1e8 ? "%.1fM" : "%.0fM", n / 1e6);
    }
}
