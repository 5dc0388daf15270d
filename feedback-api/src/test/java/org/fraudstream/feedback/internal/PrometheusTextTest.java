package org.fraudstream.feedback.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void shouldReadNamesLabelsAndValuesAndSkipWhatIsNotASampleWhenParsing() {
        final List<PrometheusText.Sample> samples = PrometheusText.parse("""
                # HELP stream_events_in_total records read
                # TYPE stream_events_in_total counter
                stream_events_in_total 1234.0
                stream_events_dlq_total{reason="MALFORMED_JSON",topic="a,b"} 3.0
                odd{msg="say \\"hi\\" \\\\ there"} 1 1700000000000
                lat_bucket{le="+Inf"} 7

                not a sample at all
                broken{le="0.1" 5
                """);

        assertThat(samples).containsExactly(
                new PrometheusText.Sample("stream_events_in_total", Map.of(), 1234.0),
                new PrometheusText.Sample("stream_events_dlq_total", Map.of("reason", "MALFORMED_JSON", "topic", "a,b"), 3.0),
                new PrometheusText.Sample("odd", Map.of("msg", "say \"hi\" \\ there"), 1.0),
                new PrometheusText.Sample("lat_bucket", Map.of("le", "+Inf"), 7.0));
    }

    @Test
    void shouldInterpolateInsideTheBucketWhenQuantileIsAsked() {
        final List<ScoringFigures.Bucket> buckets = List.of(new ScoringFigures.Bucket(0.1, 50),
                new ScoringFigures.Bucket(0.2, 90), new ScoringFigures.Bucket(Double.POSITIVE_INFINITY, 100));

        assertThat(ScoringFigures.quantile(0.5, buckets)).isEqualTo(0.1);
        assertThat(ScoringFigures.quantile(0.7, buckets)).isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ScoringFigures.quantile(0.99, buckets)).as("in +Inf: the highest finite bound").isEqualTo(0.2);
        assertThat(ScoringFigures.quantile(0.5, List.of(new ScoringFigures.Bucket(0.1, 0)))).isNull();
    }
}
