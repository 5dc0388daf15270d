package org.fraudstream.local;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import org.fraudstream.contract.JsonSerde;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fraud bench chaos}: the {@link ChaosRun} (broker and scoring app in JVMs of their own, the
 * app killed with SIGKILL and the broker stopped and restarted while events flow), then every input
 * record checked for exactly one outcome. Writes the JSON report; exits 1 when a record is missing,
 * or under exactly_once_v2 when any was delivered twice.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Kill the scoring app (SIGKILL) and restart the broker while events flow, each in its own JVM; "
                + "then check read_committed that every input record has exactly one outcome.")
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--events", description = "Input records, malformed ones included (default: ${DEFAULT-VALUE}).")
    long events = 500_000;

    @Option(names = "--guarantee", description = "exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE}).")
    String guarantee = StreamsConfig.EXACTLY_ONCE_V2;

    @Option(names = "--kills", description = "SIGKILLs of the scoring app, each followed by a restart (default: ${DEFAULT-VALUE}).")
    int kills = 3;

    @Option(names = "--broker-restarts", description = "Broker stops and restarts (default: ${DEFAULT-VALUE}).")
    int brokerRestarts = 1;

    @Option(names = "--broker-stop", description = "How the broker is stopped: kill (SIGKILL) or term (SIGTERM, a "
            + "controlled shutdown) (default: ${DEFAULT-VALUE}).")
    String brokerStop = "kill";

    @Option(names = "--seed", description = "Seed of the traffic and of the faults' moments (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--invalid-rate", description = "Probability of a malformed record before an event (default: ${DEFAULT-VALUE}).")
    double invalidRate = 0.01;

    @Option(names = "--partitions", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions = 4;

    @Option(names = "--commit-interval-ms", description = "The app's commit.interval.ms (default: Kafka's for the "
            + "guarantee, 100 under exactly_once_v2, 30000 under at_least_once).")
    Long commitIntervalMs;

    @Option(names = "--session-timeout-ms", description = "The app's session.timeout.ms: a killed instance holds its "
            + "tasks until its session expires (default: ${DEFAULT-VALUE}; Kafka's is 45000).")
    int sessionTimeoutMs = 10_000;

    @Option(names = "--model", description = "Model bundle (default: one trained on --training-rows generated rows).")
    Path model;

    @Option(names = "--training-rows", description = "Generated rows to train on without --model (default: ${DEFAULT-VALUE}).")
    long trainingRows = 100_000;

    @Option(names = "--settle-seconds", description = "Quiet seconds, once every record has an outcome, before the "
            + "final check: duplicates come late (default: ${DEFAULT-VALUE}).")
    int settleSeconds = 15;

    @Option(names = "--stall-seconds", description = "Give up waiting after this long without a new outcome "
            + "(default: ${DEFAULT-VALUE}).")
    int stallSeconds = 180;

    @Option(names = "--json", description = "Report file (default: ${DEFAULT-VALUE}).")
    Path json = Path.of("reports", "chaos_report.json");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee) && !StreamsConfig.AT_LEAST_ONCE.equals(guarantee)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--guarantee must be exactly_once_v2 or at_least_once, was " + guarantee);
        }
        if (!"kill".equals(brokerStop) && !"term".equals(brokerStop)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--broker-stop must be kill or term, was " + brokerStop);
        }
        final ChaosRun.Settings settings;
        try {
            settings = new ChaosRun.Settings(events, guarantee, kills, brokerRestarts, "kill".equals(brokerStop), seed,
                    invalidRate, partitions, model, trainingRows, commitIntervalMs, sessionTimeoutMs,
                    Duration.ofSeconds(settleSeconds), Duration.ofSeconds(stallSeconds));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        final Path work = WorkDir.current();
        System.err.printf("work dir: %s%n", work);
        final Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "./fraud " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        report.put("machine", BenchCommand.machine());
        report.put("load_average_start", load());
        report.putAll(new ChaosRun(settings, work, System.err).run());
        report.put("load_average_end", load());
        Files.createDirectories(json.toAbsolutePath().getParent());
        JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
        System.out.println(JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.printf("missing %d, duplicates %d (%s, %d app kills, %d broker restarts); report written to %s%n",
                report.get("missing"), report.get("duplicates"), guarantee, report.get("kills"),
                report.get("broker_restarts"), json);
        final boolean missing = ((Number) report.get("missing")).longValue() > 0;
        final boolean delivered = Boolean.TRUE.equals(report.get("all_delivered"));
        return missing || (StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee) && !delivered) ? 1 : 0;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
