package org.fraudstream.ingest;

import java.util.Locale;

/**
 * Single-thread throughput of {@link EventParser#parse} on generated event_v1 payloads. A benchmark,
 * not a test: run it by hand and write the number down, e.g.
 * {@code java -cp target/classes:target/test-classes:<deps> org.fraudstream.ingest.ParseBenchmark}.
 */
public final class ParseBenchmark {

    private static final int PAYLOADS = 10_000;

    private ParseBenchmark() {
    }

    public static void main(String[] args) {
        final double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5.0;
        final byte[][] payloads = payloads();
        final EventParser parser = new EventParser();
        run(parser, payloads, 3.0); // warm-up
        final double[] result = run(parser, payloads, seconds);
        System.out.printf(Locale.ROOT, "EventParser.parse: %,.0f parses/s, %.1f MB/s, mean payload %d bytes (%s)%n",
                result[0], result[1] / 1e6, (int) (result[1] / result[0]), System.getProperty("java.vm.version"));
    }

    private static byte[][] payloads() {
        final TrafficGenerator rows = new TrafficGenerator(GeneratorConfig.defaults(1));
        final byte[][] out = new byte[PAYLOADS][];
        for (int i = 0; i < PAYLOADS; i++) {
            final PaySimRow r = rows.next();
            out[i] = EventJson.write(r.toEvent("run-" + i, Replayer.eventTimeMs(r.step())));
        }
        return out;
    }

    /** @return parses per second and bytes per second */
    private static double[] run(EventParser parser, byte[][] payloads, double seconds) {
        final long start = System.nanoTime();
        final long end = start + (long) (seconds * 1e9);
        long parses = 0;
        long bytes = 0;
        int valid = 0;
        while (System.nanoTime() < end) {
            for (byte[] p : payloads) {
                if (parser.parse(p) instanceof ParseResult.Valid) {
                    valid++;
                }
                bytes += p.length;
            }
            parses += payloads.length;
        }
        if (valid != parses) {
            throw new IllegalStateException(parses - valid + " payloads were rejected");
        }
        final double elapsed = (System.nanoTime() - start) / 1e9;
        return new double[] {parses / elapsed, bytes / elapsed};
    }
}
