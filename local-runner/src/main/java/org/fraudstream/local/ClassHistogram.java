package org.fraudstream.local;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * This JVM's class histogram ({@code jcmd <pid> GC.class_histogram}, through the DiagnosticCommand
 * MBean: live objects only, so it runs a full GC), and which classes grew between two of them.
 */
final class ClassHistogram {

    private ClassHistogram() {
    }

    static void write(Path file) throws IOException {
        try {
            final Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            Files.writeString(file, String.valueOf(text), StandardCharsets.UTF_8);
        } catch (JMException e) {
            throw new IOException("cannot take a class histogram: " + e.getMessage(), e);
        }
    }

    /** Bytes per class name of a histogram written by {@link #write}. */
    static Map<String, Long> bytes(Path file) throws IOException {
        final Map<String, Long> m = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            final String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) { // " num:  #instances  #bytes  class name (module)"
                m.merge(f[3], Long.parseLong(f[2]), Long::sum);
            }
        }
        return m;
    }

    /** Prints the {@code top} classes whose live bytes grew most from {@code before} to {@code after}. */
    static void printGrowth(Path before, Path after, int top, PrintStream out) throws IOException {
        if (!Files.exists(before) || !Files.exists(after)) {
            return;
        }
        final Map<String, Long> a = bytes(before);
        final Map<String, Long> b = bytes(after);
        out.printf("classes that grew most from half time to the end (live bytes; histograms in %s):%n",
                after.getParent());
        b.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - a.getOrDefault(e.getKey(), 0L)))
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(top)
                .forEach(e -> out.printf("  %+,14d  %s%n", e.getValue(), e.getKey()));
    }
}
