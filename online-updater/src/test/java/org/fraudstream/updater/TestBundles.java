package org.fraudstream.updater;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.TransactionType;
import org.fraudstream.model.BundleManifest;
import org.fraudstream.model.LogisticModel;
import org.fraudstream.model.ModelBundle;

/** Base bundles made in code, and scored events whose vectors carry their label. */
final class TestBundles {

    static final String BASE_VERSION = "sgd-20260101000000-0badcafe";

    private TestBundles() {
    }

    /** The untrained model ({@link TestData#untrained()}) as a bundle, with {@code orig_drained} excluded. */
    static ModelBundle untrained() {
        final BundleManifest manifest = new BundleManifest(BASE_VERSION, FeaturesV1.VERSION, FeaturesV1.HASH,
                FeaturesV1.NAMES, List.of(FeaturesV1.NAMES.get(TestData.EXCLUDED)), 0.5, 0.005, 42L, "ab".repeat(32),
                "2026-01-01T00:00:00Z", "test", Map.of(), Map.of());
        return new ModelBundle(manifest, TestData.untrained());
    }

    static Path saveUntrained(Path dir) throws IOException {
        untrained().save(dir);
        return dir;
    }

    static BaseModel base() {
        return BaseModel.of(untrained());
    }

    /** A vector drawn like {@link TestData} rows of the given label. */
    static double[] vector(boolean fraud, long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final double[] x = new double[FeaturesV1.SIZE];
        for (int i = 0; i < x.length; i++) {
            x[i] = TestData.mean(i) + TestData.scale(i) * rnd.nextGaussian();
        }
        x[TestData.SIGNAL] += (fraud ? 1.5 : -1.5) * TestData.scale(TestData.SIGNAL);
        x[TestData.EXCLUDED] += (fraud ? 2.0 : -2.0) * TestData.scale(TestData.EXCLUDED);
        return x;
    }

    static ScoredEvent scored(String txn, double[] features) {
        return new ScoredEvent(txn, "C" + txn, 1_704_067_200_000L, 1, TransactionType.TRANSFER, 100.0, 0.4, 0.5,
                false, BASE_VERSION, FeaturesV1.VERSION, null, features);
    }

    static LogisticModel model(ModelBundle b) {
        return b.sgd();
    }
}
