package org.fraudstream.ingest;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.fraudstream.contract.TransactionType;

/**
 * The rows of one PaySim CSV file, read lazily. Empty lines are skipped. A malformed row throws
 * {@link CsvFormatException} naming the file, the line and what is wrong; an I/O error throws
 * {@link UncheckedIOException}. Not thread-safe. Made by {@link PaySimCsv#open}.
 */
public final class CsvReader implements Iterator<PaySimRow>, Closeable {

    private static final int COLUMNS = 11;

    private final Path file;
    private final BufferedReader in;
    private long linesRead = 1; // the header
    private long lineNumber = 1;
    private PaySimRow next;
    private boolean done;

    CsvReader(Path file, BufferedReader in) {
        this.file = file;
        this.in = in;
    }

    /** The 1-based line number of the row last returned by {@link #next} (1, the header, before any). */
    public long lineNumber() {
        return lineNumber;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = readRow();
            done = next == null;
        }
        return next != null;
    }

    @Override
    public PaySimRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows in " + file);
        }
        final PaySimRow row = next;
        next = null;
        lineNumber = linesRead;
        return row;
    }

    @Override
    public void close() throws IOException {
        done = true;
        next = null;
        in.close();
    }

    private PaySimRow readRow() {
        try {
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    return null;
                }
                linesRead++;
            } while (line.isEmpty());
            return parse(line);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ":" + (linesRead + 1) + ": cannot read: " + e.getMessage(), e);
        }
    }

    private PaySimRow parse(String line) {
        final String[] c = split(line);
        final int step = step(c[0]);
        final TransactionType type = TransactionType.fromWire(c[1]);
        if (type == null) {
            throw error("unknown type '" + c[1] + "'");
        }
        final double amount = finite(c[2], "amount");
        if (amount < 0) {
            throw error("amount is negative: " + c[2]);
        }
        return new PaySimRow(step, type, amount, id(c[3], "nameOrig"), finite(c[4], "oldbalanceOrg"),
                finite(c[5], "newbalanceOrig"), id(c[6], "nameDest"), finite(c[7], "oldbalanceDest"),
                finite(c[8], "newbalanceDest"), flag(c[9], "isFraud"), flag(c[10], "isFlaggedFraud"));
    }

    private int step(String s) {
        final int step;
        try {
            step = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw error("step is not an integer: '" + s + "'");
        }
        if (step < 0) {
            throw error("step is negative: " + step);
        }
        return step;
    }

    private String[] split(String line) {
        final String[] cells = new String[COLUMNS];
        int start = 0;
        for (int i = 0; i < COLUMNS - 1; i++) {
            final int comma = line.indexOf(',', start);
            if (comma < 0) {
                throw error("expected " + COLUMNS + " columns, found " + (i + 1));
            }
            cells[i] = line.substring(start, comma);
            start = comma + 1;
        }
        if (line.indexOf(',', start) >= 0) {
            throw error("expected " + COLUMNS + " columns, found more");
        }
        cells[COLUMNS - 1] = line.substring(start).strip(); // tolerates CRLF line ends
        return cells;
    }

    private double finite(String s, String column) {
        final double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw error(column + " is not a number: '" + s + "'");
        }
        if (!Double.isFinite(d)) {
            throw error(column + " is not finite: " + s);
        }
        return d;
    }

    private String id(String s, String column) {
        if (s.isBlank()) {
            throw error(column + " is blank");
        }
        return s;
    }

    private boolean flag(String s, String column) {
        return switch (s) {
            case "0" -> false;
            case "1" -> true;
            default -> throw error(column + " must be 0 or 1, was '" + s + "'");
        };
    }

    private CsvFormatException error(String problem) {
        return new CsvFormatException(file, linesRead, problem);
    }
}
