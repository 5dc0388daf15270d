package org.fraudstream.trainer.inspect;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code validate} found in a file: row count, step range, every problem counted by code and the
 * first of each kept with its line. Printed as an aligned table or written as JSON (snake_case keys).
 *
 * @param stepMin {@code null} when no row has a valid step (so has {@code stepMax})
 */
record ValidationReport(String file, long rows, Long stepMin, Long stepMax, long errors, long warnings,
                        Map<ProblemCode, Long> countsByCode, List<Problem> problems, int maxPerCode) {

    static ValidationReport of(Path file, long rows, Long stepMin, Long stepMax, ProblemLog log) {
        return new ValidationReport(file.toString(), rows, stepMin, stepMax, log.count(Severity.ERROR),
                log.count(Severity.WARNING), log.countsByCode(), List.copyOf(log.kept()), log.maxPerCode());
    }

    /** Valid: no errors (warnings allowed). */
    boolean valid() {
        return errors == 0;
    }

    Map<String, Object> toJson() {
        final Map<String, Object> byCode = new LinkedHashMap<>();
        countsByCode.forEach((code, n) -> byCode.put(code.wire(), n));
        final List<Map<String, Object>> list = new ArrayList<>();
        for (Problem p : problems) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", p.line());
            m.put("severity", p.severity().wire());
            m.put("code", p.code().wire());
            m.put("column", p.column());
            m.put("message", p.message());
            list.add(m);
        }
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file);
        json.put("rows", rows);
        json.put("errors", errors);
        json.put("warnings", warnings);
        json.put("problems_by_code", byCode);
        json.put("max_problems_per_code", maxPerCode);
        json.put("problems", list);
        json.put("step_min", stepMin);
        json.put("step_max", stepMax);
        json.put("valid", valid());
        return json;
    }

    void print(PrintWriter w) {
        w.printf(Locale.ROOT, "file      %s%n", file);
        w.printf(Locale.ROOT, "rows      %,d%n", rows);
        w.printf(Locale.ROOT, "steps     %s%n", stepMin == null ? "none" : stepMin + " - " + stepMax);
        if (!problems.isEmpty()) {
            printProblems(w);
        }
        if (!countsByCode.isEmpty()) {
            printCounts(w);
        }
        w.println();
        w.printf(Locale.ROOT, "%s: %,d error%s, %,d warning%s%n", valid() ? "VALID" : "INVALID", errors,
                errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
        w.flush();
    }

    private void printProblems(PrintWriter w) {
        final int codeWidth = problems.stream().mapToInt(p -> p.code().wire().length()).max().orElse(0);
        final int columnWidth = Math.max(6, problems.stream()
                .mapToInt(p -> p.column() == null ? 1 : p.column().length()).max().orElse(0));
        final int lineWidth = Math.max(4, problems.stream()
                .mapToInt(p -> Long.toString(p.line()).length()).max().orElse(0));
        final String row = "%-" + lineWidth + "s  %-8s  %-" + codeWidth + "s  %-" + columnWidth + "s  %s%n";
        w.println();
        w.printf(Locale.ROOT, row, "line", "severity", "code", "column", "message");
        for (Problem p : problems) {
            w.printf(Locale.ROOT, row, p.line(), p.severity().wire(), p.code().wire(),
                    p.column() == null ? "-" : p.column(), p.message());
        }
        if (countsByCode.values().stream().anyMatch(n -> n > maxPerCode)) {
            w.printf(Locale.ROOT, "(the first %d of each code; --max-problems N shows more)%n", maxPerCode);
        }
    }

    private void printCounts(PrintWriter w) {
        final int codeWidth = Math.max(4, countsByCode.keySet().stream()
                .mapToInt(c -> c.wire().length()).max().orElse(0));
        final String row = "%-" + codeWidth + "s  %-8s  %12s%n";
        w.println();
        w.printf(Locale.ROOT, row, "code", "severity", "count");
        countsByCode.forEach((code, n) -> w.printf(Locale.ROOT, row, code.wire(), code.severity().wire(),
                String.format(Locale.ROOT, "%,d", n)));
    }
}
