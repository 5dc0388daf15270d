package org.fraudstream.ingest;

import java.nio.file.Path;

/** A PaySim CSV file that cannot be read as such: names the file, the 1-based line and the problem. */
public final class CsvFormatException extends RuntimeException {

    private final transient Path file;
    private final long line;

    public CsvFormatException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    public CsvFormatException(Path file, long line, String problem, Throwable cause) {
        super(file + ":" + line + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number (the header is line 1). */
    public long line() {
        return line;
    }
}
