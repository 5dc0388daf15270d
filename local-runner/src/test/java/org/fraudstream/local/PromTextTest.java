package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromTextTest {

    private static final String TEXT = """
            # HELP stream_events_dlq_total records sent to the DLQ, by reason
            # TYPE stream_events_dlq_total counter
            stream_events_dlq_total{reason="MALFORMED_JSON"} 3.0
            stream_events_dlq_total{reason="INVALID_FIELD"} 4.0
            stream_events_in_total 1234.0
            stream_end_to_end_latency_seconds_bucket{le="+Inf"} 17.0
            model_version{version="sgd-online-3-abc"} 3.0
            drift_psi{feature="amount"} NaN

            """;

    @Test
    void shouldListTheNamesThatHaveSamples() {
        assertThat(PromText.names(TEXT)).containsExactly("stream_events_dlq_total", "stream_events_in_total",
                "stream_end_to_end_latency_seconds_bucket", "model_version", "drift_psi");
    }

    @Test
    void shouldSumEachMetricOverItsLabelSetsAndSkipNaN() {
        assertThat(PromText.sums(TEXT)).containsEntry("stream_events_dlq_total", 7.0)
                .containsEntry("stream_events_in_total", 1234.0)
                .containsEntry("stream_end_to_end_latency_seconds_bucket", 17.0)
                .containsEntry("model_version", 3.0)
                .doesNotContainKey("drift_psi");
    }
}
