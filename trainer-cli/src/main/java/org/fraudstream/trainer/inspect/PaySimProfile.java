package org.fraudstream.trainer.inspect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fraudstream.contract.TransactionType;
import org.fraudstream.ingest.CsvReader;
import org.fraudstream.ingest.PaySimCsv;
import org.fraudstream.ingest.PaySimRow;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;

/**
 * The figures of {@code eda}, gathered row by row from a PaySim CSV read by the suite's own
 * {@link CsvReader} (so a malformed file fails here as it would in training). Memory: counters, the
 * amounts for exact quantiles (8 bytes a row) and two {@link DistinctCounter}s (bounded).
 */
final class PaySimProfile {

    private static final int TYPES = TransactionType.values().length;

    private final long[] typeRows = new long[TYPES];
    private final long[] typeFraud = new long[TYPES];
    private final Quantiles amounts = new Quantiles();
    private final Quantiles fraudAmounts = new Quantiles();
    private final DistinctCounter origins;
    private final DistinctCounter destinations;
    private long rows;
    private long flagged;
    private int stepMin = Integer.MAX_VALUE;
    private int stepMax = Integer.MIN_VALUE;

    PaySimProfile(int distinctCap) {
        origins = new DistinctCounter(distinctCap);
        destinations = new DistinctCounter(distinctCap);
    }

    /**
     * @throws org.fraudstream.ingest.CsvFormatException when the file is not a valid PaySim CSV (names the line)
     * @throws java.io.UncheckedIOException              when reading fails part way
     */
    static EdaReport of(Path file, int distinctCap, ProgressListener progress) throws IOException {
        final PaySimProfile profile = new PaySimProfile(distinctCap);
        final CountingInputStream stored = new CountingInputStream(Files.newInputStream(file));
        try (CsvReader in = PaySimCsv.open(file, stored);
             FileProgress bar = new FileProgress(progress, "eda", Files.size(file), stored::count)) {
            while (in.hasNext()) {
                profile.add(in.next());
                bar.row();
            }
        }
        return profile.report(file);
    }

    void add(PaySimRow r) {
        rows++;
        typeRows[r.type().ordinal()]++;
        amounts.add(r.amount());
        if (r.isFraud()) {
            typeFraud[r.type().ordinal()]++;
            fraudAmounts.add(r.amount());
        }
        flagged += r.isFlaggedFraud() ? 1 : 0;
        stepMin = Math.min(stepMin, r.step());
        stepMax = Math.max(stepMax, r.step());
        origins.add(r.nameOrig());
        destinations.add(r.nameDest());
    }

    EdaReport report(Path file) {
        final List<EdaReport.TypeCount> types = new ArrayList<>();
        for (TransactionType t : TransactionType.values()) {
            types.add(new EdaReport.TypeCount(t, typeRows[t.ordinal()], typeFraud[t.ordinal()]));
        }
        return new EdaReport(file.toString(), rows, flagged, rows == 0 ? null : stepMin, rows == 0 ? null : stepMax,
                types, quantiles(amounts), quantiles(fraudAmounts),
                new EdaReport.Distinct(origins.count(), destinations.count(), origins.exact() && destinations.exact()));
    }

    /** {@link EdaReport#PERCENTILES} of {@code q}, or {@code null} when it is empty. */
    private static double[] quantiles(Quantiles q) {
        if (q.size() == 0) {
            return null;
        }
        final double[] out = new double[EdaReport.PERCENTILES.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = q.at(EdaReport.PERCENTILES[i] / 100.0);
        }
        return out;
    }
}
