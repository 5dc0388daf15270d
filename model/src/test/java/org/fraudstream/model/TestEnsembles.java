package org.fraudstream.model;

import java.util.List;
import java.util.SplittableRandom;
import org.fraudstream.contract.FeaturesV1;

/** A small trained ensemble (SGD + Isolation Forest + autoencoder + stacker) and vectors to score, for the ONNX tests and benchmarks. */
final class TestEnsembles {

    private static final Synthetic DATA = Synthetic.generate(6_000, 17L);
    private static ModelBundle bundle;

    private TestEnsembles() {
    }

    /** Trained once per JVM: SGD (2 epochs) and a 100-tree forest on 4,000 rows, the stacker on 2,000 others. */
    static synchronized ModelBundle bundle() {
        if (bundle == null) {
            bundle = train(DATA.rows(0, 4_000), DATA.rows(4_000, DATA.x.length));
        }
        return bundle;
    }

    static ModelBundle train(Synthetic train, Synthetic valid) {
        final LogisticModel sgd = new SgdTrainer(new SgdParams(2, 0.1, 1, 42L, 0.0)).fit(train.x, train.y, new int[0]);
        final IsolationForestModel forest = new IsolationForestTrainer(IsolationForestParams.defaults(7L))
                .fit(train.x, FeaturesV1.NAMES, null);
        final AutoencoderModel autoencoder = new AutoencoderTrainer(AutoencoderParams.defaults(11L).withEpochs(2))
                .fit(train.x, FeaturesV1.NAMES, new int[0]);
        return withStacker(sgd, forest, autoencoder, valid);
    }

    /** The bundle of the three members with a stacker fitted on {@code valid}. */
    static ModelBundle withStacker(LogisticModel sgd, IsolationForestModel forest, AutoencoderModel autoencoder,
                                   Synthetic valid) {
        final List<EnsembleMember> members = List.of(new SgdMember(sgd, FeaturesV1.NAMES),
                new IsolationForestMember(forest), new AutoencoderMember(autoencoder));
        final List<String> names = members.stream().map(EnsembleMember::name).toList();
        final double[][] outputs = new double[valid.x.length][members.size()];
        for (int i = 0; i < valid.x.length; i++) {
            for (int j = 0; j < members.size(); j++) {
                outputs[i][j] = members.get(j).output(valid.x[i]);
            }
        }
        final Stacker stacker = Stacker.fit(names, outputs, valid.y, 1e-3);
        return new ModelBundle(TestModels.manifest("ensemble-test", FeaturesV1.HASH, 0.5), sgd, forest, autoencoder, stacker);
    }

    /** Held-out rows of the synthetic data set (not trained on). */
    static double[][] heldOut(int n, long seed) {
        return Synthetic.generate(n, seed).x;
    }

    /**
     * Vectors far from the data as well as near it: each feature around its column's mean with
     * three times its spread, every 16th vector with one feature at a huge value, one at zero.
     */
    static double[][] random(int n, long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final double[][] x = new double[n][FeaturesV1.SIZE];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < FeaturesV1.SIZE; i++) {
                x[r][i] = 3.0 * i + 3.0 * (i + 1) * rnd.nextGaussian();
            }
            if (r % 16 == 0) {
                x[r][rnd.nextInt(FeaturesV1.SIZE)] = (rnd.nextBoolean() ? 1 : -1) * 1e9;
                x[r][rnd.nextInt(FeaturesV1.SIZE)] = 0.0;
            }
        }
        return x;
    }
}
