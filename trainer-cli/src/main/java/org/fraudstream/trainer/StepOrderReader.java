package org.fraudstream.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.fraudstream.contract.FeatureReplay;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.ingest.CsvReader;
import org.fraudstream.ingest.PaySimCsv;
import org.fraudstream.ingest.PaySimRow;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a PaySim CSV into a {@link FeatureTable}: each row becomes an event that is replayed in
 * step order through {@link FeatureReplay}, the feature code of the streaming path. PaySim files
 * are in step order already, so the file is streamed, one row in memory at a time; only a file
 * found out of order is read again and sorted (stable: a step's rows keep their file order, as in
 * {@link FeatureReplay#inStepOrder}), which needs all its rows in memory.
 */
final class StepOrderReader {

    static final long STEP_MILLIS = 3_600_000L;

    private static final Logger LOG = LoggerFactory.getLogger(StepOrderReader.class);
    private static final int REPORT_EVERY = 1 << 12;

    private record NumberedRow(long line, PaySimRow row) { }

    private StepOrderReader() {
    }

    /** @param expectedRows the progress total, or -1 when unknown */
    static FeatureTable read(Path csv, long expectedRows, ProgressListener progress) throws IOException {
        final FeatureTable inOrder = streamInOrder(csv, expectedRows, progress);
        return inOrder != null ? inOrder : sortThenReplay(csv, expectedRows, progress);
    }

    /** The event of a row: the id names its line; the event time is its step, in hours. */
    static TransactionEvent event(PaySimRow row, long line) {
        return row.toEvent("csv-" + line, row.step() * STEP_MILLIS);
    }

    /** The table, or {@code null} as soon as a row's step is lower than the one before it. */
    private static FeatureTable streamInOrder(Path csv, long expectedRows, ProgressListener progress)
            throws IOException {
        final FeatureReplay replay = new FeatureReplay();
        final FeatureTable table = new FeatureTable(FeaturesV1.SIZE);
        progress.start("reading", expectedRows, "rows");
        try (CsvReader in = PaySimCsv.open(csv)) {
            int lastStep = Integer.MIN_VALUE;
            while (in.hasNext()) {
                final PaySimRow row = in.next();
                if (row.step() < lastStep) {
                    LOG.info("{}:{}: step {} after step {}; reading again to sort by step", csv, in.lineNumber(),
                            row.step(), lastStep);
                    return null;
                }
                lastStep = row.step();
                table.add(replay.next(event(row, in.lineNumber())), row.isFraud(), row.step());
                if (table.size() % REPORT_EVERY == 0) {
                    progress.step(table.size());
                }
            }
            progress.step(table.size());
            return table;
        } finally {
            progress.end();
        }
    }

    private static FeatureTable sortThenReplay(Path csv, long expectedRows, ProgressListener progress)
            throws IOException {
        final List<NumberedRow> rows = new ArrayList<>();
        progress.start("reading to sort", expectedRows, "rows");
        try (CsvReader in = PaySimCsv.open(csv)) {
            while (in.hasNext()) {
                final PaySimRow row = in.next();
                rows.add(new NumberedRow(in.lineNumber(), row));
                if (rows.size() % REPORT_EVERY == 0) {
                    progress.step(rows.size());
                }
            }
        } finally {
            progress.end();
        }
        rows.sort(Comparator.comparingInt(r -> r.row().step())); // List.sort is stable
        final FeatureReplay replay = new FeatureReplay();
        final FeatureTable table = new FeatureTable(FeaturesV1.SIZE);
        progress.start("replaying", rows.size(), "rows");
        try {
            for (NumberedRow r : rows) {
                table.add(replay.next(event(r.row(), r.line())), r.row().isFraud(), r.row().step());
                if (table.size() % REPORT_EVERY == 0) {
                    progress.step(table.size());
                }
            }
            progress.step(table.size());
        } finally {
            progress.end();
        }
        return table;
    }
}
