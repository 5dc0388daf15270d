package org.fraudstream.ingest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.fraudstream.contract.ops.KafkaSecurity;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code replay}: PaySim rows from a CSV file ({@code --input}) or the traffic generator
 * ({@code --generate N}) to the events topic, with labels apart. Progress lines go to stderr about
 * once per second, the summary to stdout. Exit codes: 0 done, 1 failed (unreadable file, bad CSV
 * line, broker errors), 2 bad options, {@value #EXIT_BROKER_UNAVAILABLE} the broker took no records for
 * {@code --broker-timeout-seconds} (EX_TEMPFAIL: retry later), 130 interrupted.
 *
 * <p>A slow or absent broker: records wait in the producer's buffer ({@code buffer.memory}, 32 MB by
 * default: the replay's memory stays bounded), and once it is full each send blocks. An outage shorter
 * than {@code --broker-timeout-seconds} is ridden out: the producer resends what waited (idempotent:
 * no duplicates) and the replay goes on where it was. A longer one fails the replay with a message
 * that names the broker, the timeout and the counts so far.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, version = "replay 0.1.0", sortOptions = false,
        description = "Sends PaySim transactions to Kafka as event_v1 records, optionally mixed with malformed "
                + "records, and writes their labels to a file or a topic apart from the events.")
public final class ReplayCommand implements Callable<Integer> {

    /** Either a file or generated traffic. */
    static final class Source {
        @Option(names = "--input", paramLabel = "FILE", required = true,
                description = "PaySim CSV file, plain or gzip.")
        Path input;

        @Option(names = "--generate", paramLabel = "N", required = true,
                description = "Send N records of generated traffic (malformed ones included) instead of reading a file.")
        Long generate;
    }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Default: ${DEFAULT-VALUE}.")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "transactions", description = "Events topic. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--limit", paramLabel = "N", description = "With --input: send at most N records (malformed ones included).")
    Long limit;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0", description = "Records per second, 0 = as fast as possible. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--invalid-rate", paramLabel = "F", defaultValue = "0",
            description = "Probability per event of injecting a malformed record before it. Default: ${DEFAULT-VALUE}.")
    double invalidRate;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--fraud-rate", paramLabel = "F", defaultValue = "0.002",
            description = "With --generate: share of fraud rows. Default: ${DEFAULT-VALUE}.")
    double fraudRate;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "20000",
            description = "With --generate: customer accounts. Default: ${DEFAULT-VALUE}.")
    int accounts;

    @Option(names = "--events-per-step", paramLabel = "N", defaultValue = "2000",
            description = "With --generate: events per PaySim step (hour). Default: ${DEFAULT-VALUE}.")
    int eventsPerStep;

    @Option(names = "--run-id", paramLabel = "ID", description = "Transaction id prefix. Default: run-<time, base 36>.")
    String runId;

    @Option(names = "--labels-file", paramLabel = "FILE", description = "Write labels (transactionId,isFraud,step) here.")
    Path labelsFile;

    @Option(names = "--labels-topic", paramLabel = "TOPIC", description = "Send labels to this topic.")
    String labelsTopic;

    @Option(names = {"-P", "--producer-property"}, paramLabel = "KEY=VALUE",
            description = "Producer setting overriding the defaults, e.g. -P compression.type=lz4.")
    Map<String, String> producerProperties = new LinkedHashMap<>();

    @Option(names = "--broker-timeout-seconds", paramLabel = "S", defaultValue = "120",
            description = "How long a record may wait for a slow or absent broker (max.block.ms and "
                    + "delivery.timeout.ms); then the replay stops with exit code " + EXIT_BROKER_UNAVAILABLE
                    + ". Meanwhile at most buffer.memory (32 MB) is held. Default: ${DEFAULT-VALUE}.")
    int brokerTimeoutSeconds = 120;

    /** Exit code when the broker took no records for {@code --broker-timeout-seconds} (sysexits EX_TEMPFAIL). */
    public static final int EXIT_BROKER_UNAVAILABLE = 75;

    /** Where the {@code FRAUD_KAFKA_*} security settings come from (see {@link KafkaSecurity}). */
    Map<String, String> env = System.getenv();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReplayCommand()).execute(args));
    }

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        try {
            final ReplayStats stats = replay(config(), err);
            spec.commandLine().getOut().println("replay done: " + describe(stats));
            return 0;
        } catch (CsvFormatException e) {
            return fail(err, "bad CSV: " + e.getMessage());
        } catch (NoSuchFileException e) {
            return fail(err, "no such file: " + e.getFile());
        } catch (IOException e) {
            return fail(err, "cannot read " + source.input + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            return fail(err, e.getMessage());
        } catch (ReplayException e) {
            if (e.brokerUnavailable()) {
                fail(err, "the broker at " + bootstrapServers + " took no records for " + brokerTimeoutSeconds
                        + " s (--broker-timeout-seconds); " + describe(e.stats()) + " before that. Records not "
                        + "acknowledged are not known to be written: check the broker, then replay again "
                        + "(a new --run-id gives new transaction ids). Cause: " + e.getMessage());
                return EXIT_BROKER_UNAVAILABLE;
            }
            return fail(err, e.getMessage() + " (" + describe(e.stats()) + ")");
        } catch (KafkaException e) {
            return fail(err, "Kafka: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("replay: interrupted");
            return 130;
        }
    }

    private ReplayConfig config() {
        try {
            return new ReplayConfig(bootstrapServers, topic, rate, invalidRate, seed,
                    runId != null ? runId : "run-" + Long.toString(System.currentTimeMillis(), 36),
                    labelsFile, labelsTopic, KafkaSecurity.fromEnv(env).withOverrides(producerSettings()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** The broker timeouts of {@code --broker-timeout-seconds}, then the {@code -P} settings, which win. */
    Map<String, String> producerSettings() {
        if (brokerTimeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--broker-timeout-seconds must be >= 1, was "
                    + brokerTimeoutSeconds);
        }
        final long ms = brokerTimeoutSeconds * 1000L;
        final Map<String, String> p = new LinkedHashMap<>();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(ms));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(ms));
        // the producer requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(30_000, ms - 100)));
        p.putAll(producerProperties);
        return p;
    }

    private ReplayStats replay(ReplayConfig cfg, PrintWriter err) throws IOException, InterruptedException {
        final ReplayProgress progress = s -> {
            err.println("replay: " + describe(s));
            err.flush();
        };
        if (source.input != null) {
            try (CsvReader rows = PaySimCsv.open(source.input)) {
                return new Replayer(cfg).run(rows, limit == null ? Long.MAX_VALUE : nonNegative(limit, "--limit"), progress);
            }
        }
        final Iterator<PaySimRow> rows;
        try {
            rows = new TrafficGenerator(new GeneratorConfig(seed, accounts, fraudRate, eventsPerStep));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return new Replayer(cfg).run(rows, nonNegative(source.generate, "--generate"), progress);
    }

    private long nonNegative(long n, String option) {
        if (n < 0) {
            throw new ParameterException(spec.commandLine(), option + " must be >= 0, was " + n);
        }
        return n;
    }

    private static String describe(ReplayStats s) {
        return String.format(Locale.ROOT, "sent=%d valid=%d invalid=%d labels=%d elapsed=%.1fs rate=%.0f/s",
                s.sent(), s.valid(), s.invalidInjected(), s.labelsWritten(), s.elapsedSeconds(), s.sentPerSecond());
    }

    private static int fail(PrintWriter err, String message) {
        err.println("replay: error: " + message);
        return 1;
    }
}
