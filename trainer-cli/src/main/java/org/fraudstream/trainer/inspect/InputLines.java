package org.fraudstream.trainer.inspect;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fraudstream.ingest.PaySimCsv;

/**
 * The lines of a text file, plain or gzip, in constant memory: every line, empty ones included, so
 * line numbers are physical (1-based); a CR before the LF is dropped. Unlike {@code readLine} it
 * says whether the last line lacked its newline (a cut-off file) and never holds more than
 * {@link #MAX_LINE} characters of a line (the rest is skipped and the line marked too long).
 * Bytes that are not UTF-8 become U+FFFD, so one bad byte does not end the read.
 */
final class InputLines implements Closeable {

    static final int MAX_LINE = 1 << 16;
    static final char REPLACEMENT = '\uFFFD';

    private final CountingInputStream stored;
    private final Reader in;
    private final char[] buf = new char[1 << 16];
    private final StringBuilder partial = new StringBuilder();
    private int pos;
    private int end;
    private long lineNumber;
    private boolean unterminated;
    private boolean tooLong;

    private InputLines(CountingInputStream stored, Reader in) {
        this.stored = stored;
        this.in = in;
    }

    static InputLines open(Path file) throws IOException {
        final CountingInputStream stored = new CountingInputStream(Files.newInputStream(file));
        final Reader reader = new InputStreamReader(PaySimCsv.decompressed(file, stored),
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE));
        return new InputLines(stored, reader);
    }

    /** The next line without its line end, or {@code null} at the end of the file. */
    String next() throws IOException {
        partial.setLength(0);
        tooLong = false;
        while (true) {
            if (pos == end && !fill()) {
                if (partial.length() == 0 && !tooLong) {
                    return null;
                }
                unterminated = true;
                lineNumber++;
                return finish(partial.toString());
            }
            final int nl = indexOfNewline();
            if (nl >= 0 && partial.length() == 0) { // the common case: the whole line is in the buffer
                final String line = new String(buf, pos, Math.min(nl - pos, MAX_LINE));
                tooLong = nl - pos > MAX_LINE;
                pos = nl + 1;
                lineNumber++;
                return finish(line);
            }
            append(nl < 0 ? end : nl);
            if (nl >= 0) {
                pos = nl + 1;
                lineNumber++;
                return finish(partial.toString());
            }
            pos = end;
        }
    }

    /** The 1-based number of the line last returned (0 before any). */
    long lineNumber() {
        return lineNumber;
    }

    /** Whether the line last returned ended the file without a newline. */
    boolean unterminated() {
        return unterminated;
    }

    /** Whether the line last returned was longer than {@link #MAX_LINE} and was cut there. */
    boolean tooLong() {
        return tooLong;
    }

    /** Bytes of the file as stored (compressed, for gzip) read so far. */
    long bytesRead() {
        return stored.count();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        pos = 0;
        end = Math.max(0, in.read(buf, 0, buf.length));
        return end > 0;
    }

    private int indexOfNewline() {
        for (int i = pos; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int to) {
        final int room = MAX_LINE - partial.length();
        if (to - pos > room) {
            tooLong = true;
        }
        partial.append(buf, pos, Math.min(to - pos, room));
    }

    private static String finish(String line) {
        return !line.isEmpty() && line.charAt(line.length() - 1) == '\r' ? line.substring(0, line.length() - 1) : line;
    }
}
