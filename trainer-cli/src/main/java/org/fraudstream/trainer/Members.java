package org.fraudstream.trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.model.AutoencoderMember;
import org.fraudstream.model.AutoencoderModel;
import org.fraudstream.model.AutoencoderParams;
import org.fraudstream.model.AutoencoderTrainer;
import org.fraudstream.model.BundleManifest;
import org.fraudstream.model.EnsembleMember;
import org.fraudstream.model.IsolationForestMember;
import org.fraudstream.model.IsolationForestModel;
import org.fraudstream.model.IsolationForestParams;
import org.fraudstream.model.IsolationForestTrainer;
import org.fraudstream.model.LogisticModel;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.model.SgdMember;
import org.fraudstream.model.Stacker;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;

/**
 * The models of the ensemble, trained on the rows before the split: the SGD logistic model
 * (supervised), and two unsupervised second opinions that need no labels and so also catch what
 * no label has shown yet: the Isolation Forest (on a seeded sample of all training rows) and the
 * autoencoder (on legit training rows only).
 */
final class Members {

    /** Rows handed to the forest; each tree draws its own 256 from them. */
    static final int FOREST_ROWS = 100_000;

    private final LogisticModel sgd;
    private final IsolationForestModel forest;
    private final IsolationForestParams forestParams;
    private final AutoencoderModel autoencoder;
    private final AutoencoderParams autoencoderParams;

    private Members(LogisticModel sgd, IsolationForestModel forest, IsolationForestParams forestParams,
                    AutoencoderModel autoencoder, AutoencoderParams autoencoderParams) {
        this.sgd = sgd;
        this.forest = forest;
        this.forestParams = forestParams;
        this.autoencoder = autoencoder;
        this.autoencoderParams = autoencoderParams;
    }

    static Members train(LogisticModel sgd, FeatureTable t, TimeSplit split, TrainingSample sample, int[] excluded,
                         long seed, ProgressListener progress) {
        final IsolationForestParams params = IsolationForestParams.defaults(seed);
        progress.start("training iforest", -1, "trees");
        final IsolationForestModel forest;
        try {
            forest = new IsolationForestTrainer(params).fit(sampleRows(t, split.index(), FOREST_ROWS, false, seed),
                    FeaturesV1.NAMES, excluded);
        } finally {
            progress.end();
        }
        final AutoencoderParams aeParams = AutoencoderParams.defaults(seed);
        final double[][] normal = sampleRows(t, split.index(), aeParams.maxRows(), true, seed);
        final AutoencoderTrainer aeTrainer = new AutoencoderTrainer(aeParams);
        progress.start("training autoencoder", aeTrainer.progressTotal(normal.length), "rows");
        final AutoencoderModel autoencoder;
        try {
            autoencoder = aeTrainer.fit(normal, FeaturesV1.NAMES, excluded, progress::step);
        } finally {
            progress.end();
        }
        return new Members(sgd, forest, params, autoencoder, aeParams);
    }

    /** A seeded uniform sample of at most {@code max} of the first {@code end} rows (legit ones only if asked). */
    static double[][] sampleRows(FeatureTable t, int end, int max, boolean legitOnly, long seed) {
        long eligible = legitOnly ? end - t.frauds(0, end) : end;
        final double rate = eligible <= max ? 1.0 : max / (double) eligible;
        final SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        final List<double[]> rows = new ArrayList<>();
        for (int r = 0; r < end && rows.size() < max; r++) {
            if ((!legitOnly || !t.fraud(r)) && (rate >= 1.0 || rnd.nextDouble() < rate)) {
                rows.add(t.row(r, new double[t.width()]));
            }
        }
        return rows.toArray(double[][]::new);
    }

    /** The members as the ensemble runs them, in bundle order. */
    List<EnsembleMember> members() {
        return List.of(new SgdMember(sgd, FeaturesV1.NAMES), new IsolationForestMember(forest),
                new AutoencoderMember(autoencoder));
    }

    ModelBundle bundle(BundleManifest manifest, Stacker stacker) {
        return new ModelBundle(manifest, sgd, forest, autoencoder, stacker);
    }

    private int excludedCount() {
        return autoencoder.excluded().length;
    }

    Map<String, Object> parameters() {
        final Map<String, Object> p = new LinkedHashMap<>();
        p.put("iforestTrees", forestParams.numTrees());
        p.put("iforestSubsample", forestParams.subsample());
        p.put("iforestRows", FOREST_ROWS);
        p.put("autoencoderLayers", autoencoderParams.hiddenSizesFor(FeaturesV1.SIZE - excludedCount()));
        p.put("autoencoderEpochs", autoencoderParams.epochs());
        p.put("autoencoderMaxRows", autoencoderParams.maxRows());
        p.put("autoencoderThreshold", autoencoder.threshold());
        return p;
    }
}
