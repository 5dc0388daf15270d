package org.fraudstream.local;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.fraudstream.contract.Topics;
import org.fraudstream.kafka.EmbeddedKafka;
import org.fraudstream.scoring.ScoringConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fraud bench soak}: the whole suite in this JVM ({@link Suite}: scoring, feedback API,
 * online updater, with the simulated {@link Analyst} labelling alerts over HTTP) under generated
 * traffic ({@link LiveTraffic}) at {@code --rate} events/s for {@code --minutes}. Every
 * {@code --sample-seconds} it records heap used after GC, bytes on disk of the state dirs, the
 * scoring app's consumer lag and the end-to-end p99 of the last window ({@link SoakProbes},
 * {@link OutcomeTally}); writes them to a CSV and a PNG ({@link SoakPlot}) and prints a trend verdict
 * per series over the second half ({@link SoakTrend}). Class histograms at half time and at the end
 * go to the work dir, with the classes that grew most printed.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Run the suite under steady generated traffic; sample heap after GC, state size, consumer lag "
                + "and p99; write a CSV and a PNG and a trend verdict per series.")
public final class SoakCommand implements Callable<Integer> {

    static final String CSV_HEADER = "seconds,heap_after_gc_mb,state_on_disk_mb,consumer_lag,p99_ms,sent,outcomes,"
            + "labels_accepted,load_avg_1m";

    @Option(names = "--rate", description = "Offered load, events/s (default: ${DEFAULT-VALUE}).")
    double rate = 10_000;

    @Option(names = "--minutes", description = "Length of the run (default: ${DEFAULT-VALUE}).")
    double minutes = 10;

    @Option(names = "--sample-seconds", description = "Seconds between samples (default: ${DEFAULT-VALUE}).")
    int sampleSeconds = 10;

    @Option(names = "--full-gc", description = "Force a full GC before each heap sample (a clean reading; each "
            + "one pauses the suite for tens of milliseconds, which shows in p99).")
    boolean fullGc;

    @Option(names = "--partitions", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions = 4;

    @Option(names = "--guarantee", description = "exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE}).")
    String guarantee = StreamsConfig.EXACTLY_ONCE_V2;

    @Option(names = "--training-rows", description = "Generated rows the model is trained on (default: ${DEFAULT-VALUE}).")
    long trainingRows = 100_000;

    @Option(names = "--alert-share", description = "Share of alerts the simulated analyst labels (default: ${DEFAULT-VALUE}).")
    double alertShare = 0.8;

    @Option(names = "--sample-share", description = "Share of other events it labels (default: ${DEFAULT-VALUE}).")
    double sampleShare = 0.01;

    @Option(names = "--csv", description = "Samples (default: ${DEFAULT-VALUE}).")
    Path csv = Path.of("reports", "soak.csv");

    @Option(names = "--png", description = "Plot (default: ${DEFAULT-VALUE}).")
    Path png = Path.of("reports", "soak.png");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SoakCommand.class);

    private final PrintStream err = System.err;

    /** One row of the CSV. */
    record Sample(double seconds, double heapMb, double stateMb, double lag, double p99Ms, long sent, long outcomes,
                  long labels, double load) {
        String csv() {
            return String.format(Locale.ROOT, "%.1f,%s,%.1f,%s,%s,%d,%d,%d,%.2f", seconds, orEmpty(heapMb, "%.1f"), stateMb,
                    orEmpty(lag, "%.0f"), orEmpty(p99Ms, "%.0f"), sent, outcomes, labels, load);
        }

        /** NaN (no reading: no GC yet, no outcome in the window) is an empty cell. */
        private static String orEmpty(double v, String format) {
            return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        final Path work = WorkDir.current();
        err.printf("work dir: %s%n", work);
        final List<Sample> samples = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            final Path modelDir = Stack.trainOnGenerated(work, trainingRows, UpCommand.TRAINING_SEED, err);
            try (Suite suite = Suite.start(kafka, work, modelDir, guarantee, partitions, Suite.Ports.ANY, System.getenv(),
                    err);
                 OutcomeTally tally = new OutcomeTally(kafka.bootstrapServers(), suite.topics).forgetIds();
                 Analyst analyst = new Analyst(kafka.bootstrapServers(), Topics.LABELS.name(), suite.feedback.port(),
                         suite.apiKey, alertShare, sampleShare, Duration.ofSeconds(1), UpCommand.TRAFFIC_SEED).start();
                 SoakProbes probes = new SoakProbes(fullGc);
                 Admin admin = kafka.admin()) {
                tally.listener(analyst).start();
                try (LiveTraffic traffic = LiveTraffic.start(kafka, suite.topics.transactions().name(), rate,
                        UpCommand.TRAFFIC_SEED)) {
                    run(work, admin, suite, tally, analyst, probes, traffic, samples);
                } catch (Exception e) {
                    report(samples); // what was sampled until the failure is worth a plot too
                    throw e;
                }
            }
        }
        return report(samples);
    }

    private void validate() {
        if (!(rate > 0) || !(minutes > 0) || sampleSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--rate and --minutes must be > 0 and --sample-seconds >= 1");
        }
    }

    private void run(Path work, Admin admin, Suite suite, OutcomeTally tally, Analyst analyst, SoakProbes probes,
                     LiveTraffic traffic, List<Sample> samples) throws Exception {
        final long start = System.nanoTime();
        final long end = start + (long) (minutes * 60e9);
        final List<Path> stateDirs = List.of(work.resolve("streams"), work.resolve("updater-state"));
        Files.createDirectories(csv.toAbsolutePath().getParent());
        boolean halfHistogram = false;
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write(CSV_HEADER);
            out.newLine();
            for (long next = start + TimeUnit.SECONDS.toNanos(sampleSeconds); next <= end + 1;
                 next += TimeUnit.SECONDS.toNanos(sampleSeconds)) {
                TimeUnit.NANOSECONDS.sleep(next - System.nanoTime()); // the sampling period itself, not a sync
                if (traffic.failure() != null) {
                    throw new IllegalStateException("the generated traffic stopped: " + traffic.failure().getMessage(),
                            traffic.failure());
                }
                final Sample s = new Sample((System.nanoTime() - start) / 1e9, mb(probes.heapAfterGc()),
                        SoakProbes.bytesOnDisk(stateDirs) / 1048576.0,
                        lag(admin, suite.topics.transactions().name()),
                        tally.latency().drainWindowAndForget(99), traffic.sent(), tally.total(), analyst.accepted(),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                samples.add(s);
                out.write(s.csv());
                out.newLine();
                out.flush();
                err.printf("[%6.1fs] heap after GC %s MB | state %,.1f MB | lag %s | p99 %s | sent %,d | out %,d "
                        + "| labels %,d | load %.2f%n", s.seconds(), Double.isNaN(s.heapMb()) ? "-" : String.format("%,.0f", s.heapMb()),
                        s.stateMb(), Double.isNaN(s.lag()) ? "?" : String.format("%,.0f", s.lag()),
                        Double.isNaN(s.p99Ms()) ? "-" : String.format("%.0f ms", s.p99Ms()), s.sent(), s.outcomes(),
                        s.labels(), s.load());
                if (!halfHistogram && System.nanoTime() >= start + (end - start) / 2) {
                    halfHistogram = true;
                    ClassHistogram.write(work.resolve("histogram-half.txt"));
                }
            }
        }
        ClassHistogram.write(work.resolve("histogram-end.txt"));
        ClassHistogram.printGrowth(work.resolve("histogram-half.txt"), work.resolve("histogram-end.txt"), 10, err);
    }

    /**
     * The scoring app's lag, or NaN when the broker does not answer within the probe's timeout: an
     * overloaded machine is what a soak may meet, and one missing reading must not end the run.
     */
    private double lag(Admin admin, String topic) throws InterruptedException {
        try {
            return SoakProbes.lag(admin, ScoringConfig.DEFAULT_APPLICATION_ID, topic);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.warn("no lag reading this time", e);
            err.println("  (no lag reading: " + e + ")");
            return Double.NaN;
        }
    }

    /** Bytes as MB; NaN for "no reading" (-1). */
    private static double mb(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / 1048576.0;
    }

    private int report(List<Sample> samples) throws IOException {
        final double[] t = samples.stream().mapToDouble(Sample::seconds).toArray();
        final List<SoakPlot.Series> series = List.of(
                new SoakPlot.Series("heap used after GC (MB)" + (fullGc ? ", full GC before each sample" : ""),
                        samples.stream().mapToDouble(Sample::heapMb).toArray()),
                new SoakPlot.Series("state dirs on disk (MB, RocksDB)", samples.stream().mapToDouble(Sample::stateMb).toArray()),
                new SoakPlot.Series("scoring app consumer lag (records)", samples.stream().mapToDouble(Sample::lag).toArray()),
                new SoakPlot.Series("end-to-end p99 over the last window (ms)",
                        samples.stream().mapToDouble(Sample::p99Ms).toArray()));
        Files.createDirectories(png.toAbsolutePath().getParent());
        final double sent = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).sent();
        final double seconds = t.length == 0 ? 1 : t[t.length - 1];
        SoakPlot.write(png, String.format(Locale.ROOT, "soak: offered %,.0f events/s, sustained %,.0f events/s, "
                + "%.1f min, %s%s", rate, sent / seconds, seconds / 60, guarantee, fullGc ? ", --full-gc" : ""), t, series);
        final String[] units = {"MB", "MB", "records", "ms"};
        final PrintStream out = System.out;
        out.printf("soak: %d samples over %.1f min; offered %,.0f events/s, sent %,.0f events/s on average%n",
                samples.size(), seconds / 60, rate, sent / seconds);
        for (int i = 0; i < series.size(); i++) {
            out.printf("  %-45s %s%n", series.get(i).title(),
                    SoakTrend.secondHalf(t, series.get(i).values()).describe(units[i]));
        }
        out.printf("samples written to %s, plot to %s%n", csv, png);
        return samples.isEmpty() ? 1 : 0;
    }
}
