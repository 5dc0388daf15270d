package org.fraudstream.updater;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.fraudstream.contract.RejectReason;

/**
 * The updater's domain metrics. In Prometheus:
 * <ul>
 *   <li>{@code online_labels_total}: labels joined with their served vector (training or holdout);</li>
 *   <li>{@code online_labels_unmatched_total}: feedback that matched no scored event (to feedback-unmatched);</li>
 *   <li>{@code online_feedback_invalid_total{reason}}: feedback that is not feedback_v1 (to feedback-dlq);</li>
 *   <li>{@code online_scored_unusable_total}: scored events without a usable vector (cannot be joined);</li>
 *   <li>{@code online_updates_total}: versions published; {@code online_gate_rejections_total}: candidates
 *       the gate refused;</li>
 *   <li>{@code online_batches_held_total{cause}}: fit attempts that kept their labels for later
 *       ({@code single_class}, {@code holdout_too_small}, {@code diverged});
 *       {@code online_labels_dropped_total}: held labels dropped beyond the cap;</li>
 *   <li>{@code model_version{version}}: the number {@code n} of the latest online version of this lineage
 *       ({@code sgd-online-<n>-...}; 0 before the first), tagged with the version in use (which may be a
 *       rollback or the base bundle).</li>
 * </ul>
 * The trainer runs in one task of one instance: the update metrics and the gauge are that instance's.
 */
public final class UpdaterMetrics {

    /** Why a fit attempt kept its labels. */
    public enum HeldCause { SINGLE_CLASS, HOLDOUT_TOO_SMALL, DIVERGED }

    private final Counter labels;
    private final Counter unmatched;
    private final Counter scoredUnusable;
    private final Counter updates;
    private final Counter rejections;
    private final Counter dropped;
    private final Map<RejectReason, Counter> invalid = new EnumMap<>(RejectReason.class);
    private final Map<HeldCause, Counter> held = new EnumMap<>(HeldCause.class);
    private final MultiGauge version;
    private volatile String currentVersion = "";
    private volatile long currentNumber;

    public UpdaterMetrics(MeterRegistry registry) {
        labels = Counter.builder("online.labels").description("labels joined with their served feature vector")
                .register(registry);
        unmatched = Counter.builder("online.labels.unmatched")
                .description("feedback that matched no scored event within the retention").register(registry);
        scoredUnusable = Counter.builder("online.scored.unusable")
                .description("scored events without a usable feature vector").register(registry);
        updates = Counter.builder("online.updates").description("model versions published").register(registry);
        rejections = Counter.builder("online.gate.rejections").description("candidates the promotion gate refused")
                .register(registry);
        dropped = Counter.builder("online.labels.dropped").description("held labels dropped beyond the cap")
                .register(registry);
        for (RejectReason r : RejectReason.values()) {
            invalid.put(r, Counter.builder("online.feedback.invalid").description("feedback records that are not"
                    + " feedback_v1, by reason").tag("reason", r.name()).register(registry));
        }
        for (HeldCause c : HeldCause.values()) {
            held.put(c, Counter.builder("online.batches.held").description("fit attempts that kept their labels,"
                    + " by cause").tag("cause", c.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
        version = MultiGauge.builder("model.version")
                .description("number n of the latest online version (sgd-online-<n>); tag: the version in use")
                .register(registry);
    }

    public void labelJoined() {
        labels.increment();
    }

    public void unmatched() {
        unmatched.increment();
    }

    public void scoredUnusable() {
        scoredUnusable.increment();
    }

    public void feedbackInvalid(RejectReason reason) {
        invalid.get(reason).increment();
    }

    public void published() {
        updates.increment();
    }

    public void rejected() {
        rejections.increment();
    }

    public void held(HeldCause cause) {
        held.get(cause).increment();
    }

    public void dropped(int n) {
        dropped.increment(n);
    }

    /** The model in use is {@code modelVersion}; {@code n} online versions were published in this lineage. */
    public void modelInUse(String modelVersion, long n) {
        currentVersion = modelVersion;
        currentNumber = n;
        version.register(List.of(MultiGauge.Row.of(Tags.of("version", modelVersion), n)), true);
    }

    /** The version the trainer uses now ({@code ""} before the trainer has started). */
    public String currentVersion() {
        return currentVersion;
    }

    /** The highest online version number so far. */
    public long currentNumber() {
        return currentNumber;
    }

    public double labels() {
        return labels.count();
    }

    public double unmatchedCount() {
        return unmatched.count();
    }

    public double updates() {
        return updates.count();
    }

    public double rejections() {
        return rejections.count();
    }
}
