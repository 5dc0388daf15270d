package org.fraudstream.local;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.kafka.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./fraud bench loop-chaos}: kills the online updater (its own JVM, exactly_once_v2) with
 * SIGKILL in the middle of its mini-batches and checks that every label is applied once
 * ({@link LoopChaos}, {@link LoopLedger}). Prints and writes a JSON report; exit status 1 when the
 * labels do not all add up.
 */
@Command(name = "loop-chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Kill the online updater (SIGKILL) mid-batch K times while N labels flow; check that the "
                + "published versions account for every label, none applied twice; writes a JSON report.")
public final class LoopChaosCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--labels", paramLabel = "N", defaultValue = "50000",
            description = "Labels sent, each for its own scored event (default: ${DEFAULT-VALUE}).")
    private int labels;

    @Option(names = "--kills", paramLabel = "K", defaultValue = "3",
            description = "SIGKILLs of the updater (default: ${DEFAULT-VALUE}).")
    private int kills;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7",
            description = "Seed of the vectors, labels and kill moments (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "2",
            description = "Partitions of feedback and scored (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "256",
            description = "The updater's mini-batch (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--max-wait-ms", paramLabel = "MS", defaultValue = "3000",
            description = "The updater's batch max wait; kills come within half of it after the updater took its "
                    + "share of a chunk (default: ${DEFAULT-VALUE}).")
    private long maxWaitMs;

    @Option(names = "--guarantee", paramLabel = "G", defaultValue = "exactly_once_v2",
            description = "The updater's processing guarantee: exactly_once_v2, or at_least_once to see what a "
                    + "crash does without transactions (default: ${DEFAULT-VALUE}).")
    private String guarantee;

    @Option(names = "--json", paramLabel = "OUT", defaultValue = "reports/loop_chaos_report.json",
            description = "Report file (default: ${DEFAULT-VALUE}).")
    private Path json;

    @Override
    public Integer call() throws Exception {
        final LoopChaos.Settings settings;
        try {
            settings = new LoopChaos.Settings(labels, kills, seed, partitions, batchSize, maxWaitMs, 0.1,
                    guarantee);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        final PrintStream err = System.err;
        final Path work = WorkDir.current();
        Files.createDirectories(work);
        err.printf("work dir: %s%n", work);
        final Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", BenchCommand.machine());
        report.put("settings", Map.of("labels", labels, "kills", kills, "seed", seed, "partitions", partitions,
                "batch_size", batchSize, "max_wait_ms", maxWaitMs, "guarantee", guarantee));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            report.putAll(new LoopChaos(kafka, work.resolve("loop-chaos"), settings, err).run());
        }
        final Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
        spec.commandLine().getOut().println(JsonSerde.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(report));
        spec.commandLine().getOut().println("report written to " + json);
        final boolean ok = Boolean.TRUE.equals(report.get("all_accounted"));
        if (!ok) {
            err.println("NOT all labels accounted for: see applied_twice, missing and the counts above");
        }
        return ok ? 0 : 1;
    }
}
