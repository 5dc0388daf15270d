package org.fraudstream.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.fraudstream.contract.Reason;

/**
 * Scores vectors with an {@link AutoencoderModel}: the reconstruction error is the mean squared
 * difference between the standardized used features and the network's rebuild of them; rows unlike
 * the (normal) training traffic rebuild badly. {@link #score} maps it into [0, 1] as
 * {@code err / (err + threshold)}, so an error at the threshold scores 0.5.
 *
 * <p>Immutable and thread-safe: called from several stream threads at once, it shares nothing
 * mutable between them. The scoring calls allocate nothing in steady state: each thread gets its
 * own scratch buffer once, from a {@link ThreadLocal}; measured against a fresh array per call it
 * was as fast or slightly faster (d = 30: about 680 ns either way) and spares the collector some
 * 370 bytes per event. {@link #reasons} allocates.
 */
public final class Autoencoder {

    /** The model name in reason codes. */
    public static final String MODEL_NAME = "autoencoder";

    private final AutoencoderModel model;
    private final int d;
    /** Indices of the used features in the input vector. */
    private final int[] used;
    private final double[] mean;
    private final double[] scale;
    private final double[][] weights;
    private final double[][] bias;
    /** Layer widths, input first: {@code widths[l]} inputs and {@code widths[l + 1]} outputs for layer l. */
    private final int[] widths;
    private final double threshold;
    private final String[] usedNames;
    private final int scratchSize;
    private final ThreadLocal<double[]> scratch;

    public Autoencoder(AutoencoderModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.d = model.size();
        final int[] excluded = model.excluded();
        this.used = IntStream.range(0, d)
                .filter(i -> Arrays.stream(excluded).noneMatch(e -> e == i)).toArray();
        final double[] m = model.mean();
        final double[] s = model.scale();
        this.mean = Arrays.stream(used).mapToDouble(i -> m[i]).toArray();
        this.scale = Arrays.stream(used).mapToDouble(i -> s[i]).toArray();
        final List<AutoencoderModel.Layer> layers = model.layers();
        this.weights = layers.stream().map(AutoencoderModel.Layer::weights).toArray(double[][]::new);
        this.bias = layers.stream().map(AutoencoderModel.Layer::bias).toArray(double[][]::new);
        this.widths = new int[layers.size() + 1];
        widths[0] = used.length;
        for (int l = 0; l < layers.size(); l++) {
            widths[l + 1] = layers.get(l).outputs();
        }
        this.threshold = model.threshold();
        this.usedNames = Arrays.stream(used).mapToObj(model.featureNames()::get).toArray(String[]::new);
        this.scratchSize = Arrays.stream(widths).sum() - used.length; // the input plus the hidden layers
        this.scratch = ThreadLocal.withInitial(() -> new double[scratchSize]);
    }

    /** Mean squared reconstruction error of {@code x} over its standardized used features. */
    public double reconstructionError(double[] x) {
        Checks.vectorLength(x, d);
        return error(x, scratch.get(), null);
    }

    /**
     * {@code err / (err + threshold)}: 0.5 at the threshold, below 1 for any error a double can hold
     * next to the threshold; an error that overflows to infinity scores 1 (not NaN).
     */
    public double score(double[] x) {
        final double err = reconstructionError(x);
        return Double.isInfinite(err) ? 1.0 : err / (err + threshold);
    }

    /**
     * The (at most) {@code k} used features rebuilt worst, largest first; a contribution is that
     * feature's squared error in standardized units.
     */
    public List<Reason> reasons(double[] x, int k) {
        Checks.vectorLength(x, d);
        final double[] perFeature = new double[used.length];
        error(x, new double[scratchSize], perFeature);
        return TopReasons.of(perFeature, k, usedNames, MODEL_NAME);
    }

    /** The reconstruction error of each row, e.g. of validation rows to set the threshold from. */
    public double[] reconstructionErrors(double[][] rows) {
        return Arrays.stream(rows).mapToDouble(this::reconstructionError).toArray();
    }

    /** The error threshold (score 0.5). */
    public double threshold() {
        return threshold;
    }

    public AutoencoderModel model() {
        return model;
    }

    /** Number of features of the vectors scored. */
    public int size() {
        return d;
    }

    /**
     * Runs the network over {@code x} in {@code buf} (standardized input first, then each hidden
     * layer); the last layer is compared to the input as it is computed, never stored.
     */
    private double error(double[] x, double[] buf, double[] perFeature) {
        final int n = used.length;
        for (int j = 0; j < n; j++) {
            buf[j] = (x[used[j]] - mean[j]) / scale[j];
        }
        int in = 0;
        final int last = weights.length - 1;
        for (int l = 0; l < last; l++) {
            final int out = in + widths[l];
            Dense.forward(weights[l], bias[l], widths[l], widths[l + 1], buf, in, buf, out, true);
            in = out;
        }
        final double[] w = weights[last];
        final double[] b = bias[last];
        final int width = widths[last];
        double sum = 0.0;
        for (int j = 0; j < n; j++) {
            final double diff = Dense.dot(w, j * width, buf, in, width) + b[j] - buf[j];
            sum += diff * diff;
            if (perFeature != null) {
                perFeature[j] = diff * diff;
            }
        }
        return sum / n;
    }
}
