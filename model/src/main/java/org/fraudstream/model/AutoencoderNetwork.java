package org.fraudstream.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The mutable network of {@link AutoencoderTrainer}: weights, their gradients and Adam's moments,
 * and one epoch of mini-batch training over standardized rows. Hidden layers use tanh, the output
 * is linear; the loss of a row is its mean squared error over the features.
 */
final class AutoencoderNetwork {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final int[] widths;
    private final int layers;
    private final double[][] w;
    private final double[][] b;
    private final double[][] gw;
    private final double[][] gb;
    private final double[][] mw;
    private final double[][] vw;
    private final double[][] mb;
    private final double[][] vb;
    /** Activations of one row: the input, then each layer's output. */
    private final double[][] act;
    /** d loss / d pre-activation of each layer's output (index l + 1 for layer l). */
    private final double[][] delta;
    private long steps;

    AutoencoderNetwork(int[] widths, SplittableRandom rnd) {
        this.widths = widths.clone();
        this.layers = widths.length - 1;
        w = new double[layers][];
        b = new double[layers][];
        gw = new double[layers][];
        gb = new double[layers][];
        mw = new double[layers][];
        vw = new double[layers][];
        mb = new double[layers][];
        vb = new double[layers][];
        for (int l = 0; l < layers; l++) {
            final int in = widths[l];
            final int out = widths[l + 1];
            final double limit = Math.sqrt(6.0 / (in + out)); // Glorot uniform
            w[l] = new double[in * out];
            for (int k = 0; k < w[l].length; k++) {
                w[l][k] = limit * (2.0 * rnd.nextDouble() - 1.0);
            }
            b[l] = new double[out];
            gw[l] = new double[in * out];
            gb[l] = new double[out];
            mw[l] = new double[in * out];
            vw[l] = new double[in * out];
            mb[l] = new double[out];
            vb[l] = new double[out];
        }
        act = new double[layers + 1][];
        delta = new double[layers + 1][];
        for (int l = 0; l <= layers; l++) {
            act[l] = new double[widths[l]];
            delta[l] = new double[widths[l]];
        }
    }

    /**
     * One pass over the {@code n} rows of {@code z} in a fresh random order, one Adam step per
     * batch; returns the mean loss of the rows as they were met (before their own step).
     */
    double epoch(double[] z, int n, int batchSize, double learningRate, SplittableRandom rnd,
            AutoencoderTrainer.Progress progress) {
        final int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            final int j = rnd.nextInt(i + 1); // inside-out Fisher-Yates
            order[i] = order[j];
            order[j] = i;
        }
        double loss = 0.0;
        for (int from = 0; from < n; from += batchSize) {
            final int to = Math.min(n, from + batchSize);
            zeroGradients();
            for (int k = from; k < to; k++) {
                loss += backprop(z, order[k] * widths[0]);
            }
            adamStep(learningRate, to - from);
            progress.add(to - from);
        }
        return loss / n;
    }

    /** Forward and backward pass of the row at {@code z[off]}: adds its gradients, returns its loss. */
    private double backprop(double[] z, int off) {
        final int d = widths[0];
        System.arraycopy(z, off, act[0], 0, d);
        for (int l = 0; l < layers; l++) {
            Dense.forward(w[l], b[l], widths[l], widths[l + 1], act[l], 0, act[l + 1], 0, l < layers - 1);
        }
        double loss = 0.0;
        final double[] out = act[layers];
        final double[] dOut = delta[layers];
        for (int j = 0; j < d; j++) {
            final double diff = out[j] - act[0][j];
            loss += diff * diff;
            dOut[j] = 2.0 * diff / d;
        }
        for (int l = layers - 1; l >= 0; l--) {
            accumulate(l);
        }
        return loss / d;
    }

    /** Adds layer l's gradients and, below the first layer, passes the error down through tanh. */
    private void accumulate(int l) {
        final int in = widths[l];
        final int out = widths[l + 1];
        final double[] a = act[l];
        final double[] dl = delta[l + 1];
        final double[] wl = w[l];
        final double[] gwl = gw[l];
        final double[] down = delta[l];
        if (l > 0) {
            Arrays.fill(down, 0.0);
        }
        for (int o = 0; o < out; o++) {
            final double g = dl[o];
            final int row = o * in;
            gb[l][o] += g;
            for (int i = 0; i < in; i++) {
                gwl[row + i] += g * a[i];
            }
            if (l > 0) {
                for (int i = 0; i < in; i++) {
                    down[i] += g * wl[row + i];
                }
            }
        }
        if (l > 0) {
            for (int i = 0; i < in; i++) {
                down[i] *= 1.0 - a[i] * a[i]; // tanh' = 1 - tanh^2
            }
        }
    }

    private void zeroGradients() {
        for (int l = 0; l < layers; l++) {
            Arrays.fill(gw[l], 0.0);
            Arrays.fill(gb[l], 0.0);
        }
    }

    private void adamStep(double learningRate, int rows) {
        steps++;
        final double c1 = 1.0 - Math.pow(BETA1, steps);
        final double c2 = 1.0 - Math.pow(BETA2, steps);
        final double rate = learningRate * Math.sqrt(c2) / c1; // bias corrections folded into the rate
        for (int l = 0; l < layers; l++) {
            adam(w[l], gw[l], mw[l], vw[l], rate, rows);
            adam(b[l], gb[l], mb[l], vb[l], rate, rows);
        }
    }

    private static void adam(double[] p, double[] g, double[] m, double[] v, double rate, int rows) {
        final double inv = 1.0 / rows;
        for (int k = 0; k < p.length; k++) {
            final double gk = g[k] * inv;
            m[k] = BETA1 * m[k] + (1.0 - BETA1) * gk;
            v[k] = BETA2 * v[k] + (1.0 - BETA2) * gk * gk;
            p[k] -= rate * m[k] / (Math.sqrt(v[k]) + EPSILON);
        }
    }

    /** The current weights as model layers (copies). */
    List<AutoencoderModel.Layer> layers() {
        final List<AutoencoderModel.Layer> out = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            out.add(new AutoencoderModel.Layer(widths[l], widths[l + 1], w[l], b[l]));
        }
        return out;
    }
}
