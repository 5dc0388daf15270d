package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.fraudstream.contract.JsonSerde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark command works and writes the report's fields (small N; the figures themselves
 * belong in docs/BENCHMARKS.md, not in assertions).
 */
class BenchCommandIT {

    @TempDir
    Path work;

    @Test
    void shouldWriteAReportWithBothThroughputsTheirRatioAndTheLatencies() throws Exception {
        final Path json = work.resolve("report.json");
        final int exit = Commands.run(work, new BenchCommand(), "--events", "20000", "--partitions", "2",
                "--latency-rate", "2000", "--latency-seconds", "2", "--warmup-seconds", "1", "--json", json.toString());

        assertThat(exit).isZero();
        final JsonNode r = JsonSerde.MAPPER.readTree(json.toFile());
        assertThat(r.get("events").asLong()).isEqualTo(20_000);
        for (String g : new String[] {"exactly_once_v2", "at_least_once"}) {
            final JsonNode t = r.get("throughput").get(g);
            assertThat(t.get("passthrough_eps").asDouble()).as(g).isPositive();
            assertThat(t.get("pipeline_eps").asDouble()).as(g).isPositive();
            assertThat(t.get("ratio").asDouble()).as(g)
                    .isCloseTo(t.get("pipeline_eps").asDouble() / t.get("passthrough_eps").asDouble(),
                            org.assertj.core.data.Offset.offset(0.001));
            final JsonNode l = r.get("latency").get(g);
            assertThat(l.get("events").asLong()).as(g).isEqualTo(4_000); // 2 s at 2,000 events/s, after warm-up
            assertThat(l.get("p50_ms").asDouble()).as(g).isLessThanOrEqualTo(l.get("p99_ms").asDouble());
        }
        assertThat(r.get("machine").get("cores").asInt()).isPositive();
        assertThat(r.get("hot_path").get("total_ns").asLong()).isGreaterThanOrEqualTo(
                r.get("hot_path").get("parse_ns").asLong() + r.get("hot_path").get("json_scored_ns").asLong());
    }
}
