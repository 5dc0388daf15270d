package org.fraudstream.trainer.inspect;

/**
 * One problem of a file.
 *
 * @param line    1-based line number, the header being line 1
 * @param column  the column concerned, or {@code null} when the problem is the line's (or the file's)
 */
record Problem(long line, ProblemCode code, String column, String message) {

    private static final int QUOTE_MAX = 60;

    Severity severity() {
        return code.severity();
    }

    /** {@code s} in quotes for a message, cut short when long (a field may be a whole garbled line). */
    static String quoted(String s) {
        return "'" + (s.length() > QUOTE_MAX ? s.substring(0, QUOTE_MAX) + "..." : s) + "'";
    }
}
