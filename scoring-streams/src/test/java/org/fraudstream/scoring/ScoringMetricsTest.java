package org.fraudstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.ingest.EventParser;
import org.fraudstream.model.DriftReference;
import org.fraudstream.model.Score;
import org.fraudstream.model.Scorer;
import org.fraudstream.scoring.internals.DlqProcessingExceptionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-event metrics of the scoring topology, read as Prometheus scrapes them. */
class ScoringMetricsTest {

    private static final double FIXED_SCORE = 0.42;

    @TempDir
    Path stateDir;

    /** Scores every event {@value #FIXED_SCORE}, so the score histogram's buckets are known. */
    private static final class FixedScorer implements Scorer {
        @Override
        public Score score(double[] features) {
            return new Score(FIXED_SCORE, List.of());
        }

        @Override
        public String modelVersion() {
            return "ens-fixed";
        }

        @Override
        public double threshold() {
            return 0.5;
        }
    }

    private static DriftReference reference() {
        final SplittableRandom rnd = new SplittableRandom(3);
        final double[][] rows = new double[2_000][FeaturesV1.SIZE];
        final double[] scores = new double[2_000];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < FeaturesV1.SIZE; j++) {
                rows[i][j] = rnd.nextDouble() * 10;
            }
            scores[i] = rnd.nextDouble();
        }
        return DriftReference.of(rows, scores);
    }

    private static double value(String scrape, String series) {
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("series %s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void shouldCountEveryScoredEventInTheLatencyScoreAndDriftMetricsWhenEventsArePiped() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final ScoringMetrics metrics = new ScoringMetrics(registry);
        final ModelHolder model = new ModelHolder(new FixedScorer());
        metrics.modelInUse(model, model.current().modelVersion());
        final DriftWindow drift = new DriftWindow(reference());
        drift.bindTo(registry, System::currentTimeMillis);
        final ScoringTopics t = ScoringTopics.defaults();
        final Properties props = new ScoringConfig("unused:9092", "metrics-test", StreamsConfig.AT_LEAST_ONCE,
                stateDir, stateDir, 1, null, "", ScoringConfig.NO_HTTP, Map.of()).toStreamsProperties();
        props.put(DlqProcessingExceptionHandler.METRICS_CONFIG, metrics);
        final int events = 150;
        final int broken = 7;
        final List<ScoredEvent> out;
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ScoringTopology.build(t, model, new EventParser(), metrics, drift), props)) {
            final TestInputTopic<String, byte[]> in = driver.createInputTopic(t.transactions().name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            // input records stamped 2 s in the past: every end-to-end latency is at least that
            final Instant stamped = Instant.now().minusSeconds(2);
            for (int i = 0; i < events; i++) {
                in.pipeInput("C" + i % 13, Events.bytes("t-" + i, "C" + i % 13, i / 20, "TRANSFER", 10.0 + i), stamped);
            }
            for (int i = 0; i < broken; i++) {
                in.pipeInput("C1", ("broken-" + i).getBytes(StandardCharsets.UTF_8), stamped);
            }
            out = driver.createOutputTopic(t.scored().name(), Serdes.String().deserializer(),
                    t.scored().valueSerde().deserializer()).readValuesToList();
        }
        final String scrape = registry.scrape();

        assertThat(out).hasSize(events);
        assertThat(value(scrape, "stream_events_scored_total")).isEqualTo(events);
        assertThat(value(scrape, "stream_score_count")).isEqualTo(events);
        assertThat(value(scrape, "stream_score_bucket{le=\"0.4\"}")).isZero();
        assertThat(value(scrape, "stream_score_bucket{le=\"0.45\"}")).isEqualTo(events);
        assertThat(value(scrape, "stream_score_sum")).isCloseTo(events * FIXED_SCORE, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(value(scrape, "stream_scoring_latency_seconds_count")).isEqualTo(events);
        assertThat(value(scrape, "stream_scoring_latency_seconds_bucket{le=\"0.01\"}")).isEqualTo(events);
        assertThat(value(scrape, "stream_end_to_end_latency_seconds_count")).isEqualTo(out.size());
        assertThat(value(scrape, "stream_end_to_end_latency_seconds_bucket{le=\"1.0\"}")).isZero();
        assertThat(value(scrape, "stream_end_to_end_latency_seconds_bucket{le=\"+Inf\"}")).isEqualTo(events);
        assertThat(value(scrape, "drift_window_events")).isEqualTo(events);
        assertThat(value(scrape, "drift_psi{feature=\"score\"}")).as("every score in one bin").isGreaterThan(0.25);
        assertThat(value(scrape, "model_version{version=\"ens-fixed\"}")).isZero();
        // the explicit buckets and +Inf, none of Micrometer's ~70 percentile buckets
        assertThat(scrape.lines().filter(l -> l.startsWith("stream_scoring_latency_seconds_bucket")))
                .hasSize(ScoringMetrics.SCORING_BUCKETS.length + 1);
        assertThat(scrape.lines().filter(l -> l.startsWith("stream_end_to_end_latency_seconds_bucket")))
                .hasSize(ScoringMetrics.END_TO_END_BUCKETS.length + 1);
        assertThat(scrape.lines().filter(l -> l.startsWith("stream_score_bucket")))
                .hasSize(ScoringMetrics.SCORE_BUCKETS.length + 1);
    }

    @Test
    void shouldShowTheOnlineVersionNumberAsModelVersionWhenSwapped() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final ScoringMetrics metrics = new ScoringMetrics(registry);
        final ModelHolder model = new ModelHolder(new FixedScorer());
        metrics.modelInUse(model, "ens-fixed");

        metrics.modelSwapped(model, "sgd-online-7-1a2b3c4d", System.currentTimeMillis());
        final String scrape = registry.scrape();

        assertThat(value(scrape, "model_version{version=\"sgd-online-7-1a2b3c4d\"}")).isEqualTo(7.0);
        assertThat(scrape).doesNotContain("model_version{version=\"ens-fixed\"}");
        assertThat(ScoringMetrics.onlineNumber("sgd-online-12")).isEqualTo(12);
        assertThat(ScoringMetrics.onlineNumber("sgd-online-x-1")).isZero();
        assertThat(ScoringMetrics.onlineNumber("ens-20260101000000-1a2b3c4d")).isZero();
    }

    @Test
    void shouldExportZeroForAReplacedVersionAndOneForTheVersionInUse() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final ScoringMetrics metrics = new ScoringMetrics(registry);
        final ModelHolder model = new ModelHolder(new FixedScorer());
        final String first = model.current().modelVersion();
        metrics.modelInUse(model, first);
        metrics.modelInUse(model, "sgd-online-7-abcd"); // registered, not (yet) the holder's version

        final String scrape = registry.scrape();
        assertThat(value(scrape, "model_in_use{version=\"" + first + "\"}")).isEqualTo(1.0);
        assertThat(value(scrape, "model_in_use{version=\"sgd-online-7-abcd\"}")).isEqualTo(0.0);
    }
}
