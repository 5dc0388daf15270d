package org.fraudstream.scoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.fraudstream.contract.RejectReason;

/**
 * The scoring app's domain counters, registered once and incremented per record (a few
 * nanoseconds each). In Prometheus: {@code stream_events_in_total}, {@code stream_events_scored_total},
 * {@code stream_events_anomaly_total} and {@code stream_events_dlq_total{reason}}; every input lands
 * in exactly one of scored or dlq, every anomaly is also scored. Model versions:
 * {@code model_swaps_total}, {@code model_updates_rejected_total}.
 */
public final class ScoringMetrics {

    private final Counter in;
    private final Counter scored;
    private final Counter anomalies;
    private final Map<RejectReason, Counter> dlq = new EnumMap<>(RejectReason.class);
    private final Counter modelSwaps;
    private final io.micrometer.core.instrument.Timer swapDelay;
    private final Counter modelUpdatesRejected;

    private final MeterRegistry registry;

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
        this.modelUpdatesRejected = Counter.builder("model.updates.rejected")
                .description("model-updates records not applied (unreadable, or for other features)").register(registry);
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
     * Counts a swap and shows {@code version} as {@code model_info{version}}: 1 while it scores, 0
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

    /** Registers {@code model_info{version}} for {@code version}, 1 while the holder's model has that version. */
    public void modelInUse(ModelHolder holder, String version) {
        Gauge.builder("model.info", holder, h -> version.equals(h.current().modelVersion()) ? 1 : 0)
                .description("1 for the model version that scores now, 0 for earlier ones").tag("version", version)
                .register(registry);
    }

    public void modelUpdateRejected() {
        modelUpdatesRejected.increment();
    }

    public void rejected(RejectReason reason) {
        dlq.get(reason).increment();
    }
}
