package org.fraudstream.updater;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serdes;
import org.fraudstream.contract.ops.KafkaSecurity;
import org.fraudstream.model.ModelUpdate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code model}: the versions of the online updater's archive ({@code FRAUD_UPDATER_MODEL_DIR}).
 * <ul>
 *   <li>{@code model list}: every archived version, oldest first, with parent and gate numbers.</li>
 *   <li>{@code model rollback --to VERSION}: publishes the weights of an archived version to
 *       {@code model-updates} as a <em>new</em> version {@code sgd-rollback-<UTC time>-<hash>} whose parent
 *       is the version restored (gate {@code none}, labelsUsed 0), and archives it. A new version rather
 *       than the old name again: scores made after the rollback say so, the lineage records it, and the
 *       updater recognises it as foreign (not one of its {@code sgd-online-*}), adopts it and continues
 *       from it. The same hash as the version restored shows that the weights are the same. Its
 *       createdAt is now: the scoring app takes only versions created after the one it uses, so the old
 *       name again would be refused as stale ({@code model_updates_rejected_total{reason="stale_version"}}).</li>
 * </ul>
 * Exit codes: 0 done, 1 failed (unknown version, Kafka unreachable), 2 bad options.
 */
@Command(name = "model", mixinStandardHelpOptions = true, version = "fraudstream 0.1.0",
        description = "The online updater's model versions: list them, roll back to one.",
        subcommands = {ModelCommand.ListVersions.class, ModelCommand.Rollback.class, CommandLine.HelpCommand.class})
public final class ModelCommand implements Runnable {

    static final int EXIT_FAILED = 1;
    static final String ROLLBACK_PREFIX = ModelUpdate.ROLLBACK_PREFIX;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ModelCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The rollback version of {@code target}, made at {@code now}: same weights, parent {@code target}. */
    static ModelUpdate rollbackOf(ModelUpdate target, Instant now) {
        return ModelUpdate.rollbackOf(target, now);
    }

    static Path defaultArchive() {
        final String env = System.getenv("FRAUD_UPDATER_MODEL_DIR");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("java.io.tmpdir"), "fraud-updater", "models");
    }

    /** The archive option, shared by the subcommands (a picocli mixin). */
    static final class ArchiveOption {
        @Option(names = "--model-dir", paramLabel = "DIR",
                description = "The updater's version archive (default: $FRAUD_UPDATER_MODEL_DIR, else the updater's"
                        + " default).")
        Path dir;

        ModelArchive archive() {
            return new ModelArchive(dir != null ? dir : defaultArchive());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the archived versions, oldest first.")
    static final class ListVersions implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @CommandLine.Mixin
        private ArchiveOption options = new ArchiveOption();

        @Override
        public Integer call() {
            final ModelArchive archive = options.archive();
            final List<ModelUpdate> all = archive.list();
            final PrintWriter out = spec.commandLine().getOut();
            if (all.isEmpty()) {
                spec.commandLine().getErr().println("no versions in " + archive.dir());
                return EXIT_FAILED;
            }
            out.printf(Locale.ROOT, "%-44s %-44s %-24s %7s  %s%n", "version", "parent", "created", "labels", "gate");
            for (ModelUpdate u : all) {
                out.printf(Locale.ROOT, "%-44s %-44s %-24s %7d  %s%n", u.version(),
                        u.parentVersion() == null ? "-" : u.parentVersion(), u.createdAt(), u.labelsUsed(),
                        gate(u.gate()));
            }
            return 0;
        }

        private static String gate(ModelUpdate.Gate g) {
            return g.metric() == ModelUpdate.Metric.NONE ? "none" : String.format(Locale.ROOT,
                    "%s %.5f vs %.5f on %d", g.metric().wireName(), g.candidate(), g.current(), g.holdoutSize());
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Publishes an archived version again, as a new version whose parent it is; the online"
                    + " updater continues from it.")
    static final class Rollback implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--to", required = true, paramLabel = "VERSION", description = "The version to restore"
                + " (see 'model list').")
        private String to;

        @Option(names = "--bootstrap-servers", paramLabel = "HOSTS",
                defaultValue = "${env:FRAUD_BOOTSTRAP_SERVERS:-localhost:9092}",
                description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
        private String bootstrapServers;

        @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "${env:FRAUD_TOPIC_PREFIX:-}",
                description = "Prefix of the topic names, as the updater's FRAUD_TOPIC_PREFIX.")
        private String topicPrefix;

        @Option(names = {"-P", "--producer-property"}, paramLabel = "KEY=VALUE",
                description = "A producer setting, e.g. -P compression.type=lz4; security comes from FRAUD_KAFKA_*.")
        private Map<String, String> producerProperties = new HashMap<>();

        @CommandLine.Mixin
        private ArchiveOption options = new ArchiveOption();

        @Override
        public Integer call() throws InterruptedException {
            final ModelArchive archive = options.archive();
            final Optional<ModelUpdate> target = archive.load(to);
            if (target.isEmpty()) {
                spec.commandLine().getErr().println("rollback: no version " + to + " in " + archive.dir()
                        + " ('model list' shows what there is)");
                return EXIT_FAILED;
            }
            final ModelUpdate rollback = rollbackOf(target.get(), Instant.now());
            final String topic = topicPrefix + UpdaterTopics.defaults().modelUpdates().name();
            final RecordMetadata written;
            try {
                written = publish(topic, rollback);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("rollback: " + e.getMessage()); // a bad FRAUD_KAFKA_* setting
                return EXIT_FAILED;
            } catch (ExecutionException | TimeoutException | KafkaException e) {
                spec.commandLine().getErr().println("rollback: cannot publish to " + topic + " on " + bootstrapServers
                        + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
                return EXIT_FAILED;
            }
            archive.save(rollback);
            spec.commandLine().getOut().printf(Locale.ROOT, "rolled back to %s: published %s to %s (partition %d,"
                            + " offset %d); the updater continues from it%n", to, rollback.version(), topic,
                    written.partition(), written.offset());
            return 0;
        }

        private RecordMetadata publish(String topic, ModelUpdate u)
                throws InterruptedException, ExecutionException, TimeoutException {
            // The security settings of the updater's environment (FRAUD_KAFKA_*), then -P settings on top.
            final Map<String, Object> props = KafkaSecurity.fromEnv(System.getenv()).withOverrides(producerProperties);
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "fraud-model-rollback");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, Serdes.String().serializer(),
                    Serdes.ByteArray().serializer())) {
                return producer.send(new ProducerRecord<>(topic, ModelUpdate.KEY, u.toBytes()))
                        .get(Duration.ofSeconds(45).toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
