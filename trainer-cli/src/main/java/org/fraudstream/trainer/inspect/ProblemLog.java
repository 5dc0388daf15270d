package org.fraudstream.trainer.inspect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every problem counted by code, the first {@code maxPerCode} of each kept in file order: memory is
 * bounded by the number of codes, however bad the file. Messages are only built for kept problems.
 */
final class ProblemLog {

    private final int maxPerCode;
    private final long[] counts = new long[ProblemCode.values().length];
    private final List<Problem> kept = new ArrayList<>();

    ProblemLog(int maxPerCode) {
        if (maxPerCode < 0) {
            throw new IllegalArgumentException("max problems per code must be >= 0, was " + maxPerCode);
        }
        this.maxPerCode = maxPerCode;
    }

    void add(long line, ProblemCode code, String column, Supplier<String> message) {
        if (counts[code.ordinal()]++ < maxPerCode) {
            kept.add(new Problem(line, code, column, message.get()));
        }
    }

    /** The kept problems, in file order. */
    List<Problem> kept() {
        return Collections.unmodifiableList(kept);
    }

    /** The codes seen, with their counts, in code order. */
    Map<ProblemCode, Long> countsByCode() {
        final Map<ProblemCode, Long> m = new EnumMap<>(ProblemCode.class);
        for (ProblemCode c : ProblemCode.values()) {
            if (counts[c.ordinal()] > 0) {
                m.put(c, counts[c.ordinal()]);
            }
        }
        return m;
    }

    long count(Severity severity) {
        long n = 0;
        for (ProblemCode c : ProblemCode.values()) {
            n += c.severity() == severity ? counts[c.ordinal()] : 0;
        }
        return n;
    }

    int maxPerCode() {
        return maxPerCode;
    }
}
