package org.fraudstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.ingest.CsvReader;
import org.fraudstream.ingest.EventJson;
import org.fraudstream.ingest.EventParser;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.PaySimCsv;
import org.fraudstream.ingest.PaySimRow;
import org.fraudstream.ingest.TrafficGenerator;
import org.fraudstream.trainer.TrainingPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train/serve parity: the vectors that training computes by replaying a CSV in step order equal,
 * bit for bit, the vectors that the topology serves for the same events sent in the same order.
 */
class TrainServeParityTest {

    private static final int ROWS = 6_000;

    @TempDir
    Path dir;

    @Test
    void shouldServeBitIdenticalFeaturesToThoseTrainingComputes() throws Exception {
        final Path csv = dir.resolve("parity.csv.gz");
        // few accounts, so most events have per-account history behind them
        PaySimCsv.write(csv, new TrafficGenerator(GeneratorConfig.defaults(17).withAccounts(300)
                .withEventsPerStep(150)), ROWS);

        final double[][] trained = TrainingPipeline.featureRows(csv);
        final Map<String, double[]> served = serve(csv);

        assertThat(trained).hasNumberOfRows(ROWS);
        assertThat(served).hasSize(ROWS);
        int withHistory = 0;
        for (int i = 0; i < ROWS; i++) {
            final double[] s = served.get("p-" + i);
            assertThat(bits(s)).as("row %d", i).containsExactly(bits(trained[i]));
            withHistory += s[FeaturesV1.NAMES.indexOf("acct_first_seen")] == 0.0 ? 1 : 0;
        }
        assertThat(withHistory).as("events with account history").isGreaterThan(ROWS / 2);
    }

    /** Sends the file's rows, in file order, keyed by origin account (as the replay tool does). */
    private Map<String, double[]> serve(Path csv) throws Exception {
        final ScoringTopics t = ScoringTopics.defaults();
        final ScoringConfig cfg = new ScoringConfig("unused:9092", "parity", StreamsConfig.AT_LEAST_ONCE, dir,
                dir.resolve("state"), 1, null, "", ScoringConfig.NO_HTTP, Map.of());
        final Map<String, double[]> out = new HashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(ScoringTopology.build(t,
                new ModelHolder(new AmountScorer(1e12, "parity")), new EventParser(),
                new ScoringMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry())), cfg.toStreamsProperties());
             CsvReader rows = PaySimCsv.open(csv)) {
            final TestInputTopic<String, byte[]> in = driver.createInputTopic(t.transactions().name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            int i = 0;
            while (rows.hasNext()) {
                final PaySimRow row = rows.next();
                in.pipeInput(row.nameOrig(), EventJson.write(row.toEvent("p-" + i++, row.step() * 3_600_000L)),
                        Instant.EPOCH.plusSeconds(i));
            }
            final List<ScoredEvent> scored = new ArrayList<>(driver.createOutputTopic(t.scored().name(),
                    Serdes.String().deserializer(), t.scored().valueSerde().deserializer()).readValuesToList());
            scored.forEach(s -> out.put(s.transactionId(), s.features()));
        }
        return out;
    }

    private static long[] bits(double[] v) {
        final long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }
}
