package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void shouldFindTheMetricWhenAHistogramQuantileReadsItsBuckets() {
        assertThat(PromQlNames.metricNames("histogram_quantile(0.99, sum by (le) "
                + "(rate(stream_end_to_end_latency_seconds_bucket{job=\"scoring\",le!=\"+Inf\"}[5m]))) > 0.25"))
                .containsExactly("stream_end_to_end_latency_seconds_bucket");
    }

    @Test
    void shouldFindBothSidesWhenOperatorsAndGroupingJoinThem() {
        assertThat(PromQlNames.metricNames("sum(increase(a_total[1h])) > 1000 and on() "
                + "sum without (instance) (b_total offset 5m) / on(job) group_left(version) c"))
                .containsExactly("a_total", "b_total", "c");
    }

    @Test
    void shouldFindNoMetricWhenTheQueryIsAConstantWithStrings() {
        assertThat(PromQlNames.metricNames("label_replace(vector(0), \"outcome\", \"none yet\", \"\", \"\")"))
                .isEmpty();
        assertThat(PromQlNames.metricNames("clamp_min(x, 1e-9) * 2")).containsExactly("x");
    }

    @Test
    void shouldFlagANameWhenNoServiceExportsIt() {
        assertThat(PromQlNames.unknownNames("sum(rate(stream_events_typo_total[1m])) / sum(rate(stream_events_in_total[1m]))"))
                .containsExactly("stream_events_typo_total");
        assertThat(PromQlNames.unknownNames("rate(stream_score_bucket[1m]) + rate(model_info_bucket[1m])"))
                .containsExactly("model_info_bucket");
    }

    @Test
    void shouldAcceptBinderMetricsWhenTheirPrefixIsKnown() {
        assertThat(PromQlNames.unknownNames("max by (job) (kafka_consumer_fetch_manager_records_lag_max) "
                + "+ sum(jvm_memory_used_bytes{area=\"heap\"}) + up")).isEmpty();
    }
}
