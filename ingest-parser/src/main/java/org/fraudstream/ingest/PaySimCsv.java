package org.fraudstream.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The PaySim CSV format (Kaggle "Synthetic Financial Datasets For Fraud Detection"): files in, rows
 * out and back. Plain or gzip files; on reading, gzip is recognised by its magic bytes, not its name.
 */
public final class PaySimCsv {

    public static final String HEADER = "step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest,"
            + "oldbalanceDest,newbalanceDest,isFraud,isFlaggedFraud";

    /** The column names of {@link #HEADER}, in order. */
    public static final List<String> COLUMNS = List.of(HEADER.split(","));

    private static final int BUFFER = 1 << 16;

    private PaySimCsv() {
    }

    /**
     * Opens {@code file} and checks its header.
     *
     * @throws IOException         when the file cannot be opened or read
     * @throws CsvFormatException  when it is empty or its header is not {@link #HEADER}
     */
    public static CsvReader open(Path file) throws IOException {
        return open(file, Files.newInputStream(file));
    }

    /**
     * Like {@link #open(Path)}, reading the file's stored bytes (plain or gzip) from {@code raw}, which
     * this takes over: a caller that counts those bytes can follow the read's progress through the file.
     */
    public static CsvReader open(Path file, InputStream raw) throws IOException {
        final BufferedReader in = new BufferedReader(new InputStreamReader(decompressed(file, raw),
                StandardCharsets.UTF_8.newDecoder()), BUFFER);
        try {
            String header = in.readLine();
            if (header == null) {
                throw new CsvFormatException(file, 1, "empty file, expected the header " + HEADER);
            }
            header = stripBom(header).strip();
            if (!header.equals(HEADER)) {
                throw new CsvFormatException(file, 1, "not a PaySim CSV header: expected '" + HEADER
                        + "', found '" + (header.length() > 200 ? header.substring(0, 200) + "..." : header) + "'");
            }
            return new CsvReader(file, in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Writes the header and at most {@code limit} rows (so an endless generator can be written); gzip
     * when the file name ends in {@code .gz}.
     */
    public static void write(Path file, Iterator<PaySimRow> rows, long limit) throws IOException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        try (Writer out = new BufferedWriter(new OutputStreamWriter(compressed(file), StandardCharsets.UTF_8), BUFFER)) {
            out.write(HEADER);
            out.write('\n');
            final StringBuilder line = new StringBuilder(160);
            for (long n = 0; n < limit && rows.hasNext(); n++) {
                line.setLength(0);
                format(rows.next(), line).append('\n');
                out.append(line);
            }
        }
    }

    /** One row in PaySim's own form: plain decimals, 0/1 labels. */
    static StringBuilder format(PaySimRow r, StringBuilder sb) {
        return sb.append(r.step()).append(',')
                .append(r.type().name()).append(',')
                .append(plain(r.amount())).append(',')
                .append(r.nameOrig()).append(',')
                .append(plain(r.oldbalanceOrg())).append(',')
                .append(plain(r.newbalanceOrig())).append(',')
                .append(r.nameDest()).append(',')
                .append(plain(r.oldbalanceDest())).append(',')
                .append(plain(r.newbalanceDest())).append(',')
                .append(r.isFraud() ? '1' : '0').append(',')
                .append(r.isFlaggedFraud() ? '1' : '0');
    }

    /** The shortest decimal that reads back as the same double, without an exponent. */
    private static String plain(double d) {
        if (d == 0.0) {
            return Double.toString(d); // keeps the sign of -0.0
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d) + ".0";
        }
        return BigDecimal.valueOf(d).toPlainString();
    }

    /**
     * The content of {@code file} whose stored bytes {@code raw} yields: gunzipped when they start with
     * gzip's magic bytes, as they are otherwise. Takes over {@code raw} (closed on failure).
     */
    public static InputStream decompressed(Path file, InputStream raw) throws IOException {
        final BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        try {
            in.mark(2);
            final boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            return gzip ? new GZIPInputStream(in, BUFFER) : in;
        } catch (IOException e) {
            in.close();
            throw new IOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static OutputStream compressed(Path file) throws IOException {
        final OutputStream out = Files.newOutputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(out, BUFFER) : out;
    }

    private static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }
}
