package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.ReplayConfig;
import org.fraudstream.ingest.ReplayStats;
import org.fraudstream.ingest.Replayer;
import org.fraudstream.ingest.TrafficGenerator;
import org.fraudstream.kafka.EmbeddedKafka;
import org.fraudstream.scoring.ScoringConfig;
import org.fraudstream.scoring.ScoringService;
import org.fraudstream.scoring.ScoringTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring app (exactly-once) and the replay tool when the broker goes away and comes back (a
 * real broker in this JVM whose clients are cut off and then let through again, on the same address,
 * with the same data): the replay started during the outage waits and then delivers everything, the
 * scoring app resumes by itself, and every event has exactly one outcome: nothing lost, nothing twice.
 */
class BrokerOutageIT {

    private static final int BEFORE = 2_000;
    private static final int DURING = 2_000;
    private static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    Path work;

    @Test
    void shouldScoreEveryEventExactlyOnceWhenTheBrokerGoesAwayAndComesBack() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithOutages(work.resolve("kafka"))) {
            kafka.createTopics(Suite.partitionedTopics(), 2);
            kafka.createTopics(Suite.compactedTopics(), 1, Map.of("cleanup.policy", "compact"));
            final Path model = Stack.trainOnGenerated(work, 20_000, 3, new PrintStream(OutputStream.nullOutputStream()));
            final ScoringTopics topics = ScoringTopics.defaults();
            try (ScoringService scoring = ScoringService.create(new ScoringConfig(kafka.bootstrapServers(),
                    "outage-scoring", StreamsConfig.EXACTLY_ONCE_V2, model, work.resolve("streams"), 1, null, "",
                    ScoringConfig.NO_HTTP, Map.of(), null));
                 OutcomeTally tally = new OutcomeTally(kafka.bootstrapServers(), topics)) {
                scoring.start().awaitRunning(WAIT);
                tally.start();
                replay(kafka, topics, "before", BEFORE);
                Await.until(() -> tally.total() >= BEFORE, WAIT, () -> "outcomes " + tally.total());

                kafka.cutClients();
                final long refusedAtCut = kafka.refusedConnections();
                final CompletableFuture<ReplayStats> during = CompletableFuture.supplyAsync(() ->
                        replay(kafka, topics, "during", DURING));
                // the clients (scoring app, tally, replay) have tried to reach the broker, and failed
                Await.until(() -> kafka.refusedConnections() >= refusedAtCut + 30, WAIT,
                        () -> "refused " + kafka.refusedConnections());
                assertThat(during).isNotDone();
                kafka.restoreClients();

                assertThat(during.get(WAIT.toSeconds(), TimeUnit.SECONDS).sent()).isEqualTo(DURING);
                Await.until(() -> tally.total() >= BEFORE + DURING, WAIT, () -> "outcomes " + tally.total()
                        + " of " + (BEFORE + DURING) + ", scoring " + scoring.state());
                assertThat(tally.duplicates()).as("outcomes seen twice").isZero();
                assertThat(tally.total()).isEqualTo(BEFORE + DURING);
                assertThat(scoring.state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
        }
    }

    private static ReplayStats replay(EmbeddedKafka kafka, ScoringTopics topics, String runId, int events) {
        try {
            return new Replayer(new ReplayConfig(kafka.bootstrapServers(), topics.transactions().name(), 0, 0,
                    runId.hashCode(), runId, null, null, Map.of())).run(
                    new TrafficGenerator(GeneratorConfig.defaults(runId.hashCode())), events, s -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
