package org.fraudstream.local;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the Prometheus text exposition format (what every service's /metrics serves): the metric
 * names of its samples, and the sum of each metric over its label sets. Comments and blank lines
 * are skipped; a sample line is {@code name[{labels}] value [timestamp]}.
 */
final class PromText {

    private PromText() {
    }

    /** The names that have at least one sample. */
    static Set<String> names(String text) {
        final Set<String> names = new LinkedHashSet<>();
        text.lines().forEach(line -> {
            final String name = name(line);
            if (name != null) {
                names.add(name);
            }
        });
        return names;
    }

    /** Each metric's value summed over its label sets (NaN samples are skipped). */
    static Map<String, Double> sums(String text) {
        final Map<String, Double> sums = new HashMap<>();
        text.lines().forEach(line -> {
            final String name = name(line);
            if (name == null) {
                return;
            }
            final double v = value(line);
            if (!Double.isNaN(v)) {
                sums.merge(name, v, Double::sum);
            }
        });
        return sums;
    }

    private static String name(String line) {
        if (line.isBlank() || line.startsWith("#")) {
            return null;
        }
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        return i == 0 ? null : line.substring(0, i);
    }

    private static double value(String line) {
        final int close = line.lastIndexOf('}');
        final String rest = (close >= 0 ? line.substring(close + 1) : line.substring(line.indexOf(' '))).trim();
        final String v = rest.split(" ")[0];
        try {
            return Double.parseDouble(v.replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
