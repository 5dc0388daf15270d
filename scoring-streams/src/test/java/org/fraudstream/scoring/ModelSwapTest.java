package org.fraudstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.model.ModelUpdate;
import org.fraudstream.model.Scorers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model update on model-updates swaps the SGD part between two records; nothing is lost or scored twice. */
class ModelSwapTest {

    @TempDir
    Path stateDir;

    private SwapDriver swap;

    @BeforeEach
    void start() {
        swap = new SwapDriver(stateDir, Scorers.JVM);
    }

    @AfterEach
    void close() {
        swap.close();
    }

    @Test
    void shouldScoreWithTheNewVersionFromTheNextRecordOnWithoutLosingOrRepeatingAny() {
        swap.send(0, 50);
        swap.publish(update("sgd-online-1", FeaturesV1.HASH, 6.0).toBytes());
        swap.send(50, 100);

        final List<ScoredEvent> out = swap.scored();
        assertThat(out).extracting(ScoredEvent::transactionId).doesNotHaveDuplicates().hasSize(100);
        assertThat(out.subList(0, 50)).allSatisfy(s -> {
            assertThat(s.modelVersion()).isEqualTo("base");
            assertThat(s.anomaly()).isFalse();
        });
        assertThat(out.subList(50, 100)).allSatisfy(s -> {
            assertThat(s.modelVersion()).isEqualTo("sgd-online-1");
            assertThat(s.anomaly()).isTrue(); // the new weights really score
        });
        assertThat(swap.swaps()).isEqualTo(1.0);
    }

    @Test
    void shouldSwapTheOnnxPathToo() {
        swap.close();
        swap = new SwapDriver(stateDir, Scorers.ONNX);
        swap.send(0, 10);
        swap.publish(update("sgd-online-2", FeaturesV1.HASH, 6.0).toBytes());
        swap.send(10, 20);

        final List<ScoredEvent> out = swap.scored();
        assertThat(out).hasSize(20);
        assertThat(out.subList(0, 10)).allSatisfy(s -> assertThat(s.anomaly()).isFalse());
        assertThat(out.subList(10, 20)).allSatisfy(s -> {
            assertThat(s.modelVersion()).isEqualTo("sgd-online-2");
            assertThat(s.anomaly()).isTrue();
        });
    }

    @Test
    void shouldKeepTheCurrentModelWhenAnUpdateIsForOtherFeaturesOrUnreadable() {
        swap.publish(update("sgd-online-9", "0".repeat(64), 6.0).toBytes());
        swap.publish("{not json".getBytes(StandardCharsets.UTF_8));
        swap.send(0, 5);

        assertThat(swap.scored()).extracting(ScoredEvent::modelVersion).containsOnly("base");
        assertThat(swap.rejected("features_mismatch")).isEqualTo(1.0);
        assertThat(swap.rejected("unreadable")).isEqualTo(1.0);
        assertThat(swap.swaps()).isZero();
    }

    private static ModelUpdate update(String version, String featuresHash, double bias) {
        return SwapDriver.update(version, SwapDriver.T0, featuresHash, bias);
    }
}
