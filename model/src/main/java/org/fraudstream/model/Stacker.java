package org.fraudstream.model;

import java.util.Arrays;
import java.util.List;

/**
 * How the ensemble combines its members: a logistic regression over the members' standardized
 * signals, {@code p = sigmoid(bias + sum_j weights[j] * (o_j - mean[j]) / scale[j])}, fitted on the
 * validation split (data the members were not trained on), so each member weighs what it adds.
 *
 * @param members the member names, in the order of the arrays
 */
public record Stacker(List<String> members, double[] weights, double bias, double[] mean, double[] scale) {

    public Stacker {
        members = List.copyOf(members);
        final int k = members.size();
        if (k == 0 || weights == null || mean == null || scale == null
                || weights.length != k || mean.length != k || scale.length != k) {
            throw new IllegalArgumentException("stacker needs one weight, mean and scale per member (" + k + " members)");
        }
        for (int j = 0; j < k; j++) {
            if (!Double.isFinite(weights[j]) || !Double.isFinite(mean[j]) || !(scale[j] > 0.0) || Double.isInfinite(scale[j])) {
                throw new IllegalArgumentException("stacker values of member " + members.get(j)
                        + " must be finite with scale > 0");
            }
        }
        if (!Double.isFinite(bias)) {
            throw new IllegalArgumentException("stacker bias must be finite, was " + bias);
        }
        weights = weights.clone();
        mean = mean.clone();
        scale = scale.clone();
    }

    /** A stacker that passes one member's signal through unchanged: {@code p = sigmoid(o_j)}. */
    public static Stacker only(List<String> members, String member) {
        final int k = members.size();
        final double[] w = new double[k];
        final double[] s = new double[k];
        Arrays.fill(s, 1.0);
        w[indexOf(members, member)] = 1.0;
        return new Stacker(members, w, 0.0, new double[k], s);
    }

    /** Member {@code j}'s weight. */
    public double weight(int j) {
        return weights[j];
    }

    /** The ensemble's probability for the members' signals {@code outputs} (in member order). */
    public double probability(double[] outputs) {
        double z = bias;
        for (int j = 0; j < outputs.length; j++) {
            z += contribution(j, outputs[j]);
        }
        return LogisticModel.sigmoid(z);
    }

    /** Member {@code j}'s share of the log-odds for signal {@code o}. */
    public double contribution(int j, double o) {
        return weights[j] * ((o - mean[j]) / scale[j]);
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

    /**
     * Fits the stacker by Newton's method (a handful of parameters, so exact and deterministic) with
     * a small L2 penalty that keeps it finite when a member separates the classes perfectly.
     *
     * @param outputs {@code outputs[i][j]}: member {@code j}'s signal on validation row {@code i}
     */
    public static Stacker fit(List<String> members, double[][] outputs, boolean[] y, double l2) {
        final int k = members.size();
        final double[] mean = new double[k];
        final double[] scale = new double[k];
        for (int j = 0; j < k; j++) {
            double s = 0;
            double ss = 0;
            for (double[] o : outputs) {
                s += o[j];
                ss += o[j] * o[j];
            }
            mean[j] = s / outputs.length;
            final double var = ss / outputs.length - mean[j] * mean[j];
            scale[j] = var > 1e-12 ? Math.sqrt(var) : 1.0;
        }
        final double[][] z = new double[outputs.length][k + 1];
        for (int i = 0; i < outputs.length; i++) {
            z[i][k] = 1.0;
            for (int j = 0; j < k; j++) {
                z[i][j] = (outputs[i][j] - mean[j]) / scale[j];
            }
        }
        final double[] beta = newton(z, y, l2);
        return new Stacker(members, Arrays.copyOf(beta, k), beta[k], mean, scale);
    }

    private static double[] newton(double[][] z, boolean[] y, double l2) {
        final int p = z[0].length;
        final double[] beta = new double[p];
        for (int iter = 0; iter < 100; iter++) {
            final double[] grad = new double[p];
            final double[][] hess = new double[p][p];
            for (int i = 0; i < z.length; i++) {
                double eta = 0;
                for (int a = 0; a < p; a++) {
                    eta += beta[a] * z[i][a];
                }
                final double mu = LogisticModel.sigmoid(eta);
                final double w = Math.max(mu * (1 - mu), 1e-12);
                final double r = (y[i] ? 1.0 : 0.0) - mu;
                for (int a = 0; a < p; a++) {
                    grad[a] += r * z[i][a];
                    for (int b = 0; b < p; b++) {
                        hess[a][b] += w * z[i][a] * z[i][b];
                    }
                }
            }
            for (int a = 0; a < p - 1; a++) { // the bias is not penalised
                grad[a] -= l2 * z.length * beta[a];
                hess[a][a] += l2 * z.length;
            }
            hess[p - 1][p - 1] += 1e-9 * z.length;
            final double[] step = solve(hess, grad);
            double change = 0;
            for (int a = 0; a < p; a++) {
                beta[a] += step[a];
                change = Math.max(change, Math.abs(step[a]));
            }
            if (change < 1e-10) {
                break;
            }
        }
        return beta;
    }

    /** Solves {@code a x = b} by Gaussian elimination with partial pivoting (a is small and positive definite). */
    private static double[] solve(double[][] a, double[] b) {
        final int n = b.length;
        final double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            final double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            for (int r = c + 1; r < n; r++) {
                final double f = m[r][c] / m[c][c];
                for (int q = c; q <= n; q++) {
                    m[r][q] -= f * m[c][q];
                }
            }
        }
        final double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int q = r + 1; q < n; q++) {
                s -= m[r][q] * x[q];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }

    private static int indexOf(List<String> members, String member) {
        final int j = members.indexOf(member);
        if (j < 0) {
            throw new IllegalArgumentException("no member " + member + " among " + members);
        }
        return j;
    }
}
