package org.fraudstream.updater;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.model.ModelUpdate;

/**
 * The trained bundle an update lineage starts from: its SGD part as a root {@link ModelUpdate}
 * (no parent, no gate) and the features its training left out, which updates keep at weight 0.
 * Only the SGD part and the manifest's version, creation time and excluded features are read; the
 * rest of the bundle (the other ensemble members) is the scoring app's business.
 */
public record BaseModel(ModelUpdate root, int[] frozenFeatures) {

    public BaseModel {
        Objects.requireNonNull(root, "root");
        frozenFeatures = frozenFeatures.clone();
    }

    /**
     * The lineage root of {@code bundle}. Its features are FEATURES_V1 as this build computes it:
     * {@link ModelBundle#load} refuses a bundle trained on anything else.
     */
    public static BaseModel of(ModelBundle bundle) {
        final var m = bundle.manifest();
        final ModelUpdate root = new ModelUpdate(m.modelVersion(), null, instantOrEpoch(m.createdAt()),
                FeaturesV1.VERSION, FeaturesV1.HASH, FeaturesV1.NAMES, ModelUpdate.Sgd.of(bundle.sgd()), 0,
                ModelUpdate.Gate.none());
        return new BaseModel(root, OnlineSgd.frozenIndices(FeaturesV1.NAMES, m.excludedFeatures()));
    }

    public String version() {
        return root.version();
    }

    @Override
    public int[] frozenFeatures() {
        return frozenFeatures.clone();
    }

    private static String instantOrEpoch(String createdAt) {
        try {
            return Instant.parse(createdAt).toString();
        } catch (DateTimeParseException | NullPointerException e) {
            return Instant.EPOCH.toString(); // an old bundle without a readable time: the file says when
        }
    }
}
