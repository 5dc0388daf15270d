package org.fraudstream.trainer.inspect;

import java.util.List;
import org.fraudstream.contract.TransactionType;
import org.fraudstream.ingest.PaySimCsv;

/**
 * Checks the data lines of a PaySim CSV one at a time, fields found by the header's positions (a
 * missing column is skipped, not reported again on every line). The errors are what the suite's
 * {@link org.fraudstream.ingest.CsvReader} refuses, numbers read as it reads them
 * ({@link Double#parseDouble}); the warnings are what it lets through but a reader of the data should
 * know. Keeps only counters: the step range and the step of the line before.
 */
final class RowCheck {

    private static final List<String> COLUMNS = PaySimCsv.COLUMNS;
    private static final int STEP = 0;
    private static final int TYPE = 1;
    private static final int AMOUNT = 2;
    private static final int NAME_ORIG = 3;
    private static final int NAME_DEST = 6;
    private static final int[] BALANCES = {4, 5, 7, 8};
    private static final int IS_FRAUD = 9;
    private static final int IS_FLAGGED_FRAUD = 10;

    private final int[] positions;
    private final String[] fields;
    private final ProblemLog log;
    private long rows;
    private long stepMin = Long.MAX_VALUE;
    private long stepMax = Long.MIN_VALUE;
    private long lastStep = Long.MIN_VALUE;
    private long line;

    /**
     * @param positions  where each of {@link PaySimCsv#COLUMNS} is in a line, -1 when absent
     * @param fieldCount the number of fields of the header, hence of every line
     */
    RowCheck(int[] positions, int fieldCount, ProblemLog log) {
        this.positions = positions.clone();
        this.fields = new String[fieldCount];
        this.log = log;
    }

    /** Checks one line after the header; {@code unterminated} when it is the last and has no newline. */
    void check(long lineNumber, String text, boolean unterminated, boolean tooLong) {
        line = lineNumber;
        if (text.isEmpty()) {
            report(ProblemCode.EMPTY_LINE, null, "empty line (skipped by the readers)");
            return;
        }
        rows++;
        if (tooLong) {
            report(ProblemCode.LINE_TOO_LONG, null, "line longer than " + InputLines.MAX_LINE + " characters");
            return;
        }
        if (text.indexOf(InputLines.REPLACEMENT) >= 0) {
            report(ProblemCode.BAD_ENCODING, null, "bytes that are not UTF-8");
        }
        final int found = split(text);
        if (found != fields.length) {
            final boolean cut = unterminated && found < fields.length;
            report(cut ? ProblemCode.TRUNCATED_LINE : ProblemCode.FIELD_COUNT, null,
                    (cut ? "last line cut short (no newline): " : "") + "expected " + fields.length
                            + " fields, found " + found);
            return;
        }
        checkFields();
    }

    long rows() {
        return rows;
    }

    /** The lowest valid step, or {@code null} when there is none. */
    Long stepMin() {
        return stepMin == Long.MAX_VALUE ? null : stepMin;
    }

    Long stepMax() {
        return stepMax == Long.MIN_VALUE ? null : stepMax;
    }

    private void checkFields() {
        checkStep(field(STEP));
        final TransactionType type = type(field(TYPE));
        final double amount = number(AMOUNT);
        if (amount < 0) {
            report(ProblemCode.NEGATIVE_AMOUNT, COLUMNS.get(AMOUNT), "negative amount " + field(AMOUNT));
        }
        for (int b : BALANCES) {
            if (number(b) < 0) {
                warnNegativeBalance(b);
            }
        }
        checkId(NAME_ORIG);
        checkId(NAME_DEST);
        final int fraud = label(IS_FRAUD);
        label(IS_FLAGGED_FRAUD);
        if (fraud == 1 && type != null && type != TransactionType.TRANSFER && type != TransactionType.CASH_OUT) {
            report(ProblemCode.UNEXPECTED_FRAUD_TYPE, COLUMNS.get(TYPE), "fraud in a " + type
                    + " (PaySim's fraud is TRANSFER and CASH_OUT only)");
        }
    }

    private void checkStep(String s) {
        if (s == null) {
            return;
        }
        final int step;
        try {
            step = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            report(ProblemCode.BAD_STEP, COLUMNS.get(STEP), "step is not an integer: " + Problem.quoted(s));
            return;
        }
        if (step < 0) {
            report(ProblemCode.NEGATIVE_STEP, COLUMNS.get(STEP), "negative step " + step);
            return;
        }
        if (step < lastStep) {
            final long before = lastStep;
            report(ProblemCode.STEP_BACKWARDS, COLUMNS.get(STEP), "step " + step + " after step " + before);
        }
        lastStep = step;
        stepMin = Math.min(stepMin, step);
        stepMax = Math.max(stepMax, step);
    }

    /** The type, or {@code null} when absent or unknown (reported). */
    private TransactionType type(String s) {
        if (s == null) {
            return null;
        }
        final TransactionType type = TransactionType.fromWire(s);
        if (type == null) {
            report(ProblemCode.UNKNOWN_TYPE, COLUMNS.get(TYPE), "unknown type " + Problem.quoted(s)
                    + " (expected CASH_IN, CASH_OUT, DEBIT, PAYMENT or TRANSFER)");
        }
        return type;
    }

    /** The number in column {@code c}, or NaN when absent or not a finite number (reported). */
    private double number(int c) {
        final String s = field(c);
        if (s == null) {
            return Double.NaN;
        }
        final double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            report(ProblemCode.BAD_NUMBER, COLUMNS.get(c), COLUMNS.get(c) + " is not a number: " + Problem.quoted(s));
            return Double.NaN;
        }
        if (!Double.isFinite(d)) {
            report(ProblemCode.NOT_FINITE, COLUMNS.get(c), COLUMNS.get(c) + " is not finite: " + Problem.quoted(s));
            return Double.NaN;
        }
        return d;
    }

    private void warnNegativeBalance(int c) {
        final String s = field(c);
        log.add(line, ProblemCode.NEGATIVE_BALANCE, COLUMNS.get(c),
                () -> "negative balance " + s + " (PaySim simulates overdrafts)");
    }

    private void checkId(int c) {
        final String s = field(c);
        if (s != null && s.isBlank()) {
            report(ProblemCode.EMPTY_ID, COLUMNS.get(c), COLUMNS.get(c) + " is empty");
        }
    }

    /** 0 or 1, or -1 when absent or anything else (reported). */
    private int label(int c) {
        final String s = field(c);
        if (s == null) {
            return -1;
        }
        switch (s) {
            case "0":
                return 0;
            case "1":
                return 1;
            default:
                report(ProblemCode.BAD_LABEL, COLUMNS.get(c),
                        COLUMNS.get(c) + " must be 0 or 1, found " + Problem.quoted(s));
                return -1;
        }
    }

    private String field(int column) {
        final int p = positions[column];
        return p < 0 ? null : fields[p];
    }

    /** Splits {@code text} into {@link #fields}; returns the number of fields (those beyond: counted only). */
    private int split(String text) {
        int n = 0;
        int start = 0;
        while (true) {
            final int comma = text.indexOf(',', start);
            final int stop = comma < 0 ? text.length() : comma;
            if (n < fields.length) {
                // the last field stripped, as the reader does (a CR or blanks before the line end)
                fields[n] = n == fields.length - 1 && comma < 0 ? text.substring(start, stop).strip()
                        : text.substring(start, stop);
            }
            n++;
            if (comma < 0) {
                return n;
            }
            start = comma + 1;
        }
    }

    private void report(ProblemCode code, String column, String message) {
        log.add(line, code, column, () -> message);
    }
}
