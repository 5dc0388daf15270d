package org.fraudstream.trainer.inspect;

import java.util.Arrays;
import java.util.List;
import org.fraudstream.ingest.PaySimCsv;

/**
 * Checks a header line against {@link PaySimCsv#COLUMNS} (exact names, each once, in order) and says
 * where each expected column is, so rows can still be checked by name when the header is wrong.
 */
final class HeaderCheck {

    private static final List<String> EXPECTED = PaySimCsv.COLUMNS;

    private HeaderCheck() {
    }

    /**
     * @return for each of {@link PaySimCsv#COLUMNS}, its index in the header's fields, or -1 when absent
     */
    static int[] positions(String[] header, ProblemLog log) {
        final int[] pos = new int[EXPECTED.size()];
        Arrays.fill(pos, -1);
        for (int i = 0; i < header.length; i++) {
            final String name = header[i];
            final int expected = EXPECTED.indexOf(name);
            if (expected < 0) {
                log.add(1, ProblemCode.UNKNOWN_COLUMN, name,
                        () -> "unknown column " + Problem.quoted(name) + hint(name));
            } else if (pos[expected] >= 0) {
                final int first = pos[expected] + 1;
                log.add(1, ProblemCode.DUPLICATE_COLUMN, name, () -> "column '" + name + "' again (first at field "
                        + first + ")");
            } else {
                pos[expected] = i;
            }
        }
        for (int j = 0; j < pos.length; j++) {
            if (pos[j] < 0) {
                final String name = EXPECTED.get(j);
                log.add(1, ProblemCode.MISSING_COLUMN, name, () -> "missing column '" + name + "'");
            }
        }
        checkOrder(pos, header, log);
        return pos;
    }

    /** One problem at the first expected column found after one that should follow it. */
    private static void checkOrder(int[] pos, String[] header, ProblemLog log) {
        int last = -1;
        for (int j = 0; j < pos.length; j++) {
            if (pos[j] < 0) {
                continue;
            }
            if (pos[j] < last) {
                final String name = EXPECTED.get(j);
                log.add(1, ProblemCode.COLUMN_ORDER, name, () -> "columns out of order: expected "
                        + PaySimCsv.HEADER + ", found " + Problem.quoted(String.join(",", header)));
                return;
            }
            last = pos[j];
        }
    }

    /** A near miss named: the same name but for case or surrounding blanks. */
    private static String hint(String name) {
        for (String e : EXPECTED) {
            if (e.equalsIgnoreCase(name.strip())) {
                return " (did you mean '" + e + "'?)";
            }
        }
        return "";
    }
}
