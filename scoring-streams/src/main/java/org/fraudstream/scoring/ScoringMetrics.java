package org.fraudstream.scoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import org.fraudstream.contract.RejectReason;

/**
 * The scoring app's domain counters, registered once and incremented per record (a few
 * nanoseconds each). In Prometheus: {@code stream_events_in_total}, {@code stream_events_scored_total},
 * {@code stream_events_anomaly_total} and {@code stream_events_dlq_total{reason}}; every input lands
 * in exactly one of scored or dlq, every anomaly is also scored. Per scored event, histograms with
 * explicit buckets (no percentile buckets, to keep the series few and the record cheap):
 * {@code stream_end_to_end_latency_seconds} (input record timestamp to result forwarded, 1 ms..60 s),
 * {@code stream_scoring_latency_seconds} (inside the model, 1 &micro;s..10 ms) and {@code stream_score}
 * (the score on [0, 1]). Model versions: {@code model_swaps_total},
 * {@code model_updates_rejected_total{reason}} (reasons of {@link UpdateRejection}, each registered at 0),
 * {@code model_in_use{version}}, {@code model_version{version}} (n of {@code sgd-online-<n>-...}, 0 for
 * the trained bundle).
 */
public final class ScoringMetrics {

    private final Counter in;
    private final Counter scored;
    private final Counter anomalies;
    private final Map<RejectReason, Counter> dlq = new EnumMap<>(RejectReason.class);
    private final Counter modelSwaps;
    private final io.micrometer.core.instrument.Timer swapDelay;
    private final Map<UpdateRejection, Counter> modelUpdatesRejected = new EnumMap<>(UpdateRejection.class);
    private final Timer endToEnd;
    private final Timer scoringLatency;
    private final DoubleConsumer score;
    private final MultiGauge modelVersion;

    private final MeterRegistry registry;

    /** Bucket bounds of {@code stream_end_to_end_latency_seconds}. */
    static final Duration[] END_TO_END_BUCKETS = millis(1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000,
            10_000, 30_000, 60_000);
    /** Bucket bounds of {@code stream_scoring_latency_seconds}. */
    static final Duration[] SCORING_BUCKETS = micros(1, 2, 3, 4, 5, 6, 8, 10, 15, 25, 50, 100, 250, 1_000, 10_000);
    /** Bucket bounds of {@code stream_score}: finer near 0, where most scores fall, then 0.05 wide. */
    static final double[] SCORE_BUCKETS = scoreBuckets();

    public ScoringMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.in = Counter.builder("stream.events.in").description("records read from the transactions topic")
                .register(registry);
        this.scored = Counter.builder("stream.events.scored").description("events scored").register(registry);
        this.anomalies = Counter.builder("stream.events.anomaly").description("events scored at or above the threshold")
                .register(registry);
        this.modelSwaps = Counter.builder("model.swaps").description("model versions swapped in from model-updates")
                .register(registry);
        this.swapDelay = io.micrometer.core.instrument.Timer.builder("model.update.apply.delay")
                .description("from the publication of a model update (its record timestamp) to the moment it scores")
                .publishPercentileHistogram().register(registry);
        for (UpdateRejection r : UpdateRejection.values()) { // all at 0 from the start: Prometheus sees every reason
            modelUpdatesRejected.put(r, Counter.builder("model.updates.rejected")
                    .description("model-updates records not applied, by reason; the running model keeps scoring")
                    .tag("reason", r.tag()).register(registry));
        }
        this.endToEnd = Timer.builder("stream.end.to.end.latency")
                .description("from the input record's timestamp to the moment its result is forwarded")
                .serviceLevelObjectives(END_TO_END_BUCKETS).register(registry);
        this.scoringLatency = Timer.builder("stream.scoring.latency").description("time spent in the model per event")
                .serviceLevelObjectives(SCORING_BUCKETS).register(registry);
        this.score = scoreHistogram(registry);
        this.modelVersion = MultiGauge.builder("model.version")
                .description("n of the version that scores now (sgd-online-<n>-...; 0 for the trained bundle);"
                        + " tag: that version").register(registry);
        for (RejectReason r : RejectReason.values()) {
            dlq.put(r, Counter.builder("stream.events.dlq").description("records sent to the DLQ, by reason")
                    .tag("reason", r.name()).register(registry));
        }
    }

    public void eventIn() {
        in.increment();
    }

    public void scored(boolean anomaly) {
        scored.increment();
        if (anomaly) {
            anomalies.increment();
        }
    }

    /**
     * {@code stream_score}: Micrometer's histograms count a fractional value in the bucket of its
     * ceiling (0.42 lands in {@code le="1.0"}), so on Prometheus the histogram is the Prometheus
     * client's own, registered beside Micrometer's meters and scraped with them. Other registries
     * (tests) get a summary with count and sum only.
     */
    private static DoubleConsumer scoreHistogram(MeterRegistry registry) {
        final String help = "the model's score of each event";
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            return Histogram.builder().name("stream_score").help(help).classicOnly().classicUpperBounds(SCORE_BUCKETS)
                    .withoutExemplars().register(prometheus.getPrometheusRegistry())::observe;
        }
        return DistributionSummary.builder("stream.score").description(help).register(registry)::record;
    }

    /** Counts a scored event with its score and the nanoseconds the model took. */
    public void scored(boolean anomaly, double value, long scoringNanos) {
        scored(anomaly);
        score.accept(value);
        scoringLatency.record(scoringNanos, TimeUnit.NANOSECONDS);
    }

    /** A result was forwarded {@code latencyMs} after its input record's timestamp (negative: clock skew, 0). */
    public void forwarded(long latencyMs) {
        endToEnd.record(Math.max(0L, latencyMs), TimeUnit.MILLISECONDS);
    }

    /**
     * Counts a swap and shows {@code version} as {@code model_in_use{version}}: 1 while it scores, 0
     * once replaced (a Grafana panel of it is the model version over time).
     */
    public void modelSwapped(ModelHolder holder, String version, long publishedAtMs) {
        modelSwaps.increment();
        swapDelay.record(Math.max(0, System.currentTimeMillis() - publishedAtMs), java.util.concurrent.TimeUnit.MILLISECONDS);
        modelInUse(holder, version);
    }

    /** Publication-to-use delays of the model updates swapped in so far. */
    public io.micrometer.core.instrument.Timer swapDelay() {
        return swapDelay;
    }

    /** Registers {@code model_in_use{version}} for {@code version}, 1 while the holder's model has that version. */
    public void modelInUse(ModelHolder holder, String version) {
        modelVersion.register(List.of(MultiGauge.Row.of(Tags.of("version", version), onlineNumber(version))), true);
        Gauge.builder("model.in.use", holder, h -> version.equals(h.current().modelVersion()) ? 1 : 0)
                .description("1 for the model version that scores now, 0 for earlier ones").tag("version", version)
                .register(registry);
    }

    /** Counts a model update that was not applied, in {@code model_updates_rejected_total{reason}}. */
    public void modelUpdateRejected(UpdateRejection reason) {
        modelUpdatesRejected.get(reason).increment();
    }

    /** Why a model update was not applied: the {@code reason} tag of {@code model_updates_rejected_total}. */
    public enum UpdateRejection {
        /** Not model_update_v1: not JSON, truncated, a field missing or invalid. */
        UNREADABLE("unreadable"),
        /** Trained on another FEATURES_V1 (hash or feature names differ from this build's). */
        FEATURES_MISMATCH("features_mismatch"),
        /** A weight, mean, scale or the bias is NaN or infinite. */
        NON_FINITE("non_finite"),
        /** Not newer than the version in use (see ModelUpdateProcessor for the rule). */
        STALE_VERSION("stale_version"),
        /** The running scorer has no SGD part to replace. */
        NO_SGD_PART("no_sgd_part");

        private final String tag;

        UpdateRejection(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    public void rejected(RejectReason reason) {
        dlq.get(reason).increment();
    }

    /** n of {@code sgd-online-<n>-<hash>}, 0 for any other version (the trained bundle): the updater's rule. */
    static long onlineNumber(String version) {
        final String prefix = "sgd-online-";
        if (version == null || !version.startsWith(prefix)) {
            return 0;
        }
        final int dash = version.indexOf('-', prefix.length());
        try {
            return Long.parseLong(version.substring(prefix.length(), dash < 0 ? version.length() : dash));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Duration[] millis(long... ms) {
        return java.util.Arrays.stream(ms).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
    }

    private static Duration[] micros(long... us) {
        return java.util.Arrays.stream(us).mapToObj(u -> Duration.ofNanos(u * 1_000)).toArray(Duration[]::new);
    }

    private static double[] scoreBuckets() {
        final double[] low = {0.001, 0.0025, 0.005, 0.01, 0.025};
        final double[] b = new double[low.length + 20];
        System.arraycopy(low, 0, b, 0, low.length);
        for (int k = 1; k <= 20; k++) {
            b[low.length + k - 1] = k / 20.0;
        }
        return b;
    }
}
