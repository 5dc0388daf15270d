package org.fraudstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.model.ModelUpdate;
import org.fraudstream.model.Scorers;
import org.fraudstream.scoring.ScoringMetrics.UpdateRejection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison on model-updates: each bad update is rejected, counted under its reason in
 * {@code model_updates_rejected_total{reason}}, and the events after it are still scored by the
 * version that was in use before it.
 */
class PoisonModelUpdateTest {

    private static final Instant T0 = SwapDriver.T0;

    @TempDir
    Path stateDir;

    private SwapDriver swap;
    private int sent;

    @BeforeEach
    void start() {
        swap = new SwapDriver(stateDir, Scorers.JVM);
    }

    @AfterEach
    void close() {
        swap.close();
    }

    @Test
    void shouldRegisterEveryReasonAtZeroWhenTheAppStarts() {
        for (UpdateRejection r : UpdateRejection.values()) {
            assertThat(rejected(r)).as(r.tag()).isZero();
        }
        assertThat(Arrays.stream(UpdateRejection.values()).map(UpdateRejection::tag))
                .contains("unreadable", "features_mismatch", "non_finite", "stale_version");
    }

    @Test
    void shouldKeepScoringWithTheBaseWhenAnUpdateIsTruncated() {
        final byte[] whole = update("sgd-online-1", T0.plusSeconds(60), 6.0).toBytes();

        poison(Arrays.copyOf(whole, whole.length / 2));

        assertScoredBy("base");
        assertThat(rejected(UpdateRejection.UNREADABLE)).isEqualTo(1.0);
    }

    @Test
    void shouldKeepScoringWithTheVersionInUseWhenEachPoisonComes() {
        apply(update("sgd-online-2", T0.plusSeconds(120), 6.0));

        poison(withHash(update("sgd-online-3", T0.plusSeconds(180), -6.0), "0".repeat(64)).toBytes());
        assertScoredBy("sgd-online-2");
        poison(new String(update("sgd-online-4", T0.plusSeconds(240), -6.0).toBytes(), StandardCharsets.UTF_8)
                .replaceFirst("\"weights\":\\[0\\.0", "\"weights\":[NaN").getBytes(StandardCharsets.UTF_8));
        assertScoredBy("sgd-online-2");
        poison(new String(update("sgd-online-5", T0.plusSeconds(300), -6.0).toBytes(), StandardCharsets.UTF_8)
                .replace("\"bias\":-6.0", "\"bias\":-1e999").getBytes(StandardCharsets.UTF_8));
        assertScoredBy("sgd-online-2");
        poison(update("sgd-online-1", T0.plusSeconds(60), -6.0).toBytes()); // created before the one in use
        assertScoredBy("sgd-online-2");
        poison(update("sgd-online-2", T0.plusSeconds(120), -6.0).toBytes()); // the one in use, again
        assertScoredBy("sgd-online-2");
        poison(update("sgd-other", T0.plusSeconds(120), -6.0).toBytes()); // created at the same instant
        assertScoredBy("sgd-online-2");

        assertThat(rejected(UpdateRejection.FEATURES_MISMATCH)).isEqualTo(1.0);
        assertThat(rejected(UpdateRejection.NON_FINITE)).isEqualTo(2.0);
        assertThat(rejected(UpdateRejection.STALE_VERSION)).isEqualTo(3.0);
        assertThat(rejected(UpdateRejection.UNREADABLE)).isZero();
        assertThat(swap.swaps()).isEqualTo(1.0);
    }

    @Test
    void shouldApplyARollbackBecauseItIsPublishedAsANewVersion() {
        final ModelUpdate first = update("sgd-online-1", T0.plusSeconds(60), 6.0);
        apply(first);
        apply(update("sgd-online-2", T0.plusSeconds(120), -6.0));

        // what `fraud model rollback --to sgd-online-1` publishes: the old weights as a version made now
        final ModelUpdate rollback = new ModelUpdate("sgd-rollback-20260101000300000-" + ModelUpdate.shortHash(
                first.toLogisticModel()), first.version(), T0.plusSeconds(180).toString(), first.featuresVersion(),
                first.featuresHash(), first.featureNames(), first.sgd(), 0, ModelUpdate.Gate.none());
        apply(rollback);

        assertThat(swap.swaps()).isEqualTo(3.0);
        for (UpdateRejection r : UpdateRejection.values()) {
            assertThat(rejected(r)).as(r.tag()).isZero();
        }
    }

    private void apply(ModelUpdate u) {
        swap.publish(u.toBytes());
        assertScoredBy(u.version());
    }

    private void poison(byte[] value) {
        swap.publish(value);
    }

    /** Sends three events and checks that the version named scored them. */
    private void assertScoredBy(String version) {
        swap.send(sent, sent + 3);
        sent += 3;
        assertThat(swap.scored()).extracting(ScoredEvent::modelVersion).hasSize(3).containsOnly(version);
    }

    private double rejected(UpdateRejection reason) {
        return swap.rejected(reason.tag());
    }

    private static ModelUpdate update(String version, Instant createdAt, double bias) {
        return SwapDriver.update(version, createdAt, FeaturesV1.HASH, bias);
    }

    private static ModelUpdate withHash(ModelUpdate u, String hash) {
        return new ModelUpdate(u.version(), u.parentVersion(), u.createdAt(), u.featuresVersion(), hash,
                u.featureNames(), u.sgd(), u.labelsUsed(), u.gate());
    }
}
