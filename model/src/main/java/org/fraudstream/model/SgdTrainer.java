package org.fraudstream.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import org.fraudstream.contract.FeaturesV1;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains a binary fraud/legit {@link LogisticModel} with Tribuo's {@link LinearSGDTrainer}
 * (LogMulticlass objective, AdaGrad, fixed seed).
 *
 * <p>In: a feature matrix (rows in any order), labels ({@code true} = fraud), indices of features
 * to leave out. Out: weights over the standardized features in the input's column order. The
 * standardization (mean, scale) is computed from the input, so the model carries it along. Tribuo
 * learns one weight row per class; for two classes with a softmax the log-odds of fraud is
 * {@code (w_fraud - w_legit) . x}, which is the single logit kept. Tribuo orders features by name
 * internally, so weights are mapped back by name through the model's feature map; a feature it
 * did not see, like an excluded one, gets weight 0.
 */
public final class SgdTrainer {

    static final Label FRAUD = new Label("fraud");
    static final Label LEGIT = new Label("legit");

    private static final double ADAGRAD_EPSILON = 0.1;
    private static final Logger LOG = LoggerFactory.getLogger(SgdTrainer.class);

    private final SgdParams params;

    public SgdTrainer(SgdParams params) {
        this.params = Objects.requireNonNull(params, "params");
    }

    public SgdParams params() {
        return params;
    }

    /** Trains on {@code x} (rows of equal length) and {@code y}; see the class comment. */
    public LogisticModel fit(double[][] x, boolean[] y, int[] excludedIndices) {
        return fit(x, y, excludedIndices, null);
    }

    /**
     * As {@link #fit(double[][], boolean[], int[])}, reporting the number of examples processed so
     * far (of {@code epochs * x.length}) to {@code progress}, from the calling thread.
     */
    public LogisticModel fit(double[][] x, boolean[] y, int[] excludedIndices, LongConsumer progress) {
        final int d = checkShape(x, y);
        final boolean[] included = included(d, excludedIndices);
        final double[] mean = new double[d];
        final double[] scale = new double[d];
        standardization(x, mean, scale);
        final String[] names = featureNames(d);
        final MutableDataset<Label> data = dataset(x, y, included, names, mean, scale);
        final double positiveWeight = positiveWeight(y);
        data.setWeights(Map.of(FRAUD, (float) positiveWeight, LEGIT, 1.0f));
        LOG.info("training SGD on {} rows, {} features, fraud weight {}, {}", x.length,
                IntStream.range(0, d).filter(i -> included[i]).count(), positiveWeight, params);

        final long total = (long) params.epochs() * x.length;
        final int logEvery = progress == null ? -1 : Math.max(1, x.length / 20 / params.minibatchSize());
        final LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(),
                new AdaGrad(params.learningRate(), ADAGRAD_EPSILON), params.epochs(), logEvery,
                params.minibatchSize(), params.seed());
        final LongConsumer report = progress == null ? null : examples -> progress.accept(Math.min(total, examples));
        final LinearSGDModel model = TribuoLogging.during(report, params.minibatchSize(), () -> trainer.train(data));
        if (progress != null) {
            progress.accept(total);
        }
        return toLogistic(model, names, included, mean, scale);
    }

    /** The weight given to each fraud example for labels {@code y}. */
    public double positiveWeight(boolean[] y) {
        if (params.positiveWeight() > 0.0) {
            return params.positiveWeight();
        }
        final long pos = IntStream.range(0, y.length).filter(i -> y[i]).count();
        final long neg = y.length - pos;
        return Math.max(1.0, Math.min(SgdParams.MAX_AUTO_POSITIVE_WEIGHT, (double) neg / Math.max(1, pos)));
    }

    private static int checkShape(double[][] x, boolean[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " rows but y has " + y.length + " labels");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        final int d = x[0].length;
        boolean fraud = false;
        boolean legit = false;
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != d) {
                throw new IllegalArgumentException("row " + r + " has " + x[r].length + " features, row 0 has " + d);
            }
            fraud |= y[r];
            legit |= !y[r];
        }
        if (!fraud || !legit) {
            throw new IllegalArgumentException("training needs both classes; the rows hold only "
                    + (fraud ? "fraud" : "legit") + " examples");
        }
        return d;
    }

    private static boolean[] included(int d, int[] excludedIndices) {
        final boolean[] included = new boolean[d];
        Arrays.fill(included, true);
        for (int i : excludedIndices == null ? new int[0] : excludedIndices) {
            if (i < 0 || i >= d) {
                throw new IllegalArgumentException("excluded index " + i + " is outside [0, " + d + ")");
            }
            included[i] = false;
        }
        if (IntStream.range(0, d).noneMatch(i -> included[i])) {
            throw new IllegalArgumentException("every feature is excluded");
        }
        return included;
    }

    /** Column means and population standard deviations (Welford); a constant column gets scale 1. */
    static void standardization(double[][] x, double[] mean, double[] scale) {
        final int d = mean.length;
        final double[] m2 = new double[d];
        for (int r = 0; r < x.length; r++) {
            for (int i = 0; i < d; i++) {
                final double delta = x[r][i] - mean[i];
                mean[i] += delta / (r + 1);
                m2[i] += delta * (x[r][i] - mean[i]);
            }
        }
        for (int i = 0; i < d; i++) {
            final double sd = Math.sqrt(m2[i] / x.length);
            scale[i] = sd > 1e-12 && Double.isFinite(sd) ? sd : 1.0;
        }
    }

    private static String[] featureNames(int d) {
        final List<String> names = FeaturesV1.NAMES;
        return IntStream.range(0, d).mapToObj(i -> d == names.size() ? names.get(i) : "x" + i).toArray(String[]::new);
    }

    private static MutableDataset<Label> dataset(double[][] x, boolean[] y, boolean[] included, String[] names,
            double[] mean, double[] scale) {
        final LabelFactory factory = new LabelFactory();
        final MutableDataset<Label> data =
                new MutableDataset<>(new SimpleDataSourceProvenance("fraudstream features", factory), factory);
        final int[] cols = IntStream.range(0, included.length).filter(i -> included[i]).toArray();
        final String[] usedNames = Arrays.stream(cols).mapToObj(i -> names[i]).toArray(String[]::new);
        for (int r = 0; r < x.length; r++) {
            final double[] z = new double[cols.length];
            for (int j = 0; j < cols.length; j++) {
                z[j] = (x[r][cols[j]] - mean[cols[j]]) / scale[cols[j]];
            }
            data.add(new ArrayExample<>(y[r] ? FRAUD : LEGIT, usedNames, z));
        }
        return data;
    }

    private static LogisticModel toLogistic(LinearSGDModel model, String[] names, boolean[] included,
            double[] mean, double[] scale) {
        final DenseMatrix w = model.getWeightsCopy(); // [class][feature id], bias in the last column
        final ImmutableFeatureMap features = model.getFeatureIDMap();
        final ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
        final int fraud = outputs.getID(FRAUD);
        final int legit = outputs.getID(LEGIT);
        final int biasColumn = w.getDimension2Size() - 1;
        if (fraud < 0 || legit < 0 || biasColumn != features.size()) {
            throw new IllegalStateException("unexpected Tribuo model layout: outputs " + outputs.toReadableString()
                    + ", weight columns " + w.getDimension2Size() + ", features " + features.size());
        }
        final double[] weights = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            final int id = included[i] ? features.getID(names[i]) : -1;
            weights[i] = id < 0 ? 0.0 : w.get(fraud, id) - w.get(legit, id);
        }
        final double bias = w.get(fraud, biasColumn) - w.get(legit, biasColumn);
        return new LogisticModel(weights, bias, mean, scale);
    }
}
