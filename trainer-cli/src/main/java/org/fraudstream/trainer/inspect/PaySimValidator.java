package org.fraudstream.trainer.inspect;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;
import org.fraudstream.ingest.PaySimCsv;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;

/**
 * Validates a PaySim CSV (plain or gzip) in one streaming pass, in constant memory: the file in, a
 * {@link ValidationReport} out. The header is checked by {@link HeaderCheck}, each line after it by
 * {@link RowCheck}; a gzip stream that breaks off is a problem of the file, reported like the others.
 */
final class PaySimValidator {

    private PaySimValidator() {
    }

    /**
     * @param maxPerCode how many problems of each code to keep with their line (all are counted)
     * @throws IOException when the file cannot be read (it is missing, unreadable, ...)
     */
    static ValidationReport validate(Path file, int maxPerCode, ProgressListener progress) throws IOException {
        final ProblemLog log = new ProblemLog(maxPerCode);
        try (InputLines in = InputLines.open(file);
             FileProgress bar = new FileProgress(progress, "validate", Files.size(file), in::bytesRead)) {
            final String header = in.next();
            if (header == null) {
                log.add(1, ProblemCode.EMPTY_FILE, null, () -> "empty file: expected the header " + PaySimCsv.HEADER);
                return ValidationReport.of(file, 0, null, null, log);
            }
            final String[] names = stripBom(header).strip().split(",", -1);
            final RowCheck rows = new RowCheck(HeaderCheck.positions(names, log), names.length, log);
            readRows(in, rows, log, bar);
            if (rows.rows() == 0 && log.count(Severity.ERROR) == 0) {
                log.add(2, ProblemCode.NO_ROWS, null, () -> "no rows after the header");
            }
            return ValidationReport.of(file, rows.rows(), rows.stepMin(), rows.stepMax(), log);
        }
    }

    private static void readRows(InputLines in, RowCheck rows, ProblemLog log, FileProgress bar) throws IOException {
        try {
            for (String line = in.next(); line != null; line = in.next()) {
                rows.check(in.lineNumber(), line, in.unterminated(), in.tooLong());
                bar.row();
            }
        } catch (EOFException e) {
            log.add(in.lineNumber() + 1, ProblemCode.TRUNCATED_FILE, null,
                    () -> "the gzip data ends before its end: the file was cut short (" + e.getMessage() + ")");
        } catch (ZipException e) {
            log.add(in.lineNumber() + 1, ProblemCode.CORRUPT_GZIP, null,
                    () -> "the gzip data is corrupt from here on (" + e.getMessage() + ")");
        }
    }

    private static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }
}
