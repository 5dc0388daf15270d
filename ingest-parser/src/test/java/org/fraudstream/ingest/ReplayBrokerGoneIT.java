package org.fraudstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.fraudstream.kafka.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The replay tool when its broker goes away for good (a real broker in this JVM, stopped mid-replay):
 * it stops within the broker timeout plus the producer's close, with exit code 75 and a message that
 * names the broker, the option and the counts, instead of waiting or buffering without end.
 */
class ReplayBrokerGoneIT {

    @TempDir
    Path work;

    @Test
    void shouldFailWithExitCode75AndAClearMessageWhenTheBrokerIsGoneLongerThanTheTimeout() throws Exception {
        final EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"));
        kafka.createTopics(List.of("events"), 2);
        final String bootstrap = kafka.bootstrapServers();
        final StringWriter err = new StringWriter();
        final CommandLine cmd = new CommandLine(new ReplayCommand());
        cmd.setErr(new PrintWriter(err, true));
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cmd.execute(
                "--bootstrap-servers", bootstrap, "--topic", "events", "--generate", "1000000000", "--rate", "2000",
                "--broker-timeout-seconds", "3", "--run-id", "gone"));
        try {
            awaitRecords(kafka, "events", 1000);
        } finally {
            kafka.close(); // the broker is gone and does not come back
        }

        final int code = exit.get(2, TimeUnit.MINUTES);

        assertThat(code).as(err.toString()).isEqualTo(ReplayCommand.EXIT_BROKER_UNAVAILABLE);
        assertThat(err.toString()).contains("the broker at " + bootstrap + " took no records for 3 s",
                "--broker-timeout-seconds", "sent=");
    }

    @Test
    void shouldBoundTheProducersMemoryAndLetTheOptionSetTheWaits() {
        final ReplayCommand command = new ReplayCommand();
        new CommandLine(command).parseArgs("--generate", "1", "--broker-timeout-seconds", "7",
                "-P", "request.timeout.ms=5000");
        final Map<String, String> p = command.producerSettings();
        assertThat(p).containsEntry("max.block.ms", "7000").containsEntry("delivery.timeout.ms", "7000")
                .containsEntry("request.timeout.ms", "5000"); // -P wins
        final ReplayConfig cfg = new ReplayConfig("b:9092", "events", 0, 0, 1, "r", null, null, Map.of());
        assertThat(Replayer.producerConfig(cfg)).containsEntry("buffer.memory", 32L << 20);
    }

    private static void awaitRecords(EmbeddedKafka kafka, String topic, long atLeast) throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = kafka.admin()) {
            while (true) {
                long total = 0;
                for (var o : admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest(),
                        new TopicPartition(topic, 1), OffsetSpec.latest())).all().get().values()) {
                    total += o.offset();
                }
                if (total >= atLeast) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + total + " records on " + topic + " after 60 s");
                }
                Thread.sleep(50); // polling the broker with a deadline
            }
        }
    }
}
