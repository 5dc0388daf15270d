package org.fraudstream.feedback.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Prometheus text exposition format (version 0.0.4, what Micrometer's registry scrapes):
 * one sample per line, {@code name{label="value",...} number [timestamp]}; comments and blank lines
 * are skipped, and so is a line that is not a sample (the caller decides what missing series mean).
 */
public final class PrometheusText {

    /** One sample: metric name, labels in the order written, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(String key) {
            return labels.get(key);
        }
    }

    private PrometheusText() {
    }

    public static List<Sample> parse(String text) {
        final List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            final Sample s = sample(line.strip());
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** The sample on this line, or null for a comment, a blank line or a line that is not a sample. */
    static Sample sample(String line) {
        if (line.isEmpty() || line.charAt(0) == '#') {
            return null;
        }
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        final String name = line.substring(0, i);
        final Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
            if (i < 0) {
                return null;
            }
        }
        final String[] rest = line.substring(i).strip().split(" ");
        if (name.isEmpty() || rest.length == 0 || rest[0].isEmpty()) {
            return null;
        }
        try {
            return new Sample(name, labels, number(rest[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reads {@code key="value",...}} from {@code i}; returns the index after the brace, or -1 when malformed. */
    private static int labels(String line, int i, Map<String, String> out) {
        while (i < line.length()) {
            if (line.charAt(i) == '}') {
                return i + 1;
            }
            final int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                return -1;
            }
            final String key = line.substring(i, eq).strip();
            final StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length() && line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\' && j + 1 < line.length()) {
                    c = line.charAt(++j);
                    value.append(c == 'n' ? '\n' : c);
                } else {
                    value.append(c);
                }
            }
            if (j >= line.length()) {
                return -1;
            }
            out.put(key, value.toString());
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            }
        }
        return -1;
    }

    /** A sample value or label value such as {@code le}: a decimal, {@code +Inf}, {@code -Inf} or {@code NaN}. */
    static double number(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }
}
