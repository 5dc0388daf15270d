package org.fraudstream.model;

/**
 * The arithmetic of one dense layer, shared by training and scoring so both compute the very same
 * function. Weights are {@code out x in}, row-major.
 */
final class Dense {

    private Dense() {
    }

    /** {@code dst[dstOff + o] = act(bias[o] + sum_i w[o][i] * src[srcOff + i])}, tanh or identity. */
    static void forward(double[] w, double[] bias, int in, int out, double[] src, int srcOff, double[] dst,
            int dstOff, boolean tanh) {
        for (int o = 0; o < out; o++) {
            final double s = dot(w, o * in, src, srcOff, in) + bias[o];
            dst[dstOff + o] = tanh ? tanh(s) : s;
        }
    }

    /** {@code sum_i a[aOff + i] * b[bOff + i]}. */
    static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        // one running sum: the dot products of a layer's outputs are independent, so the CPU
        // overlaps them anyway; four partial sums measured slower here
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    /**
     * tanh through {@link Math#exp}, an intrinsic, where {@link Math#tanh} is not on Java 17 (about 6
     * against 18 ns here; the two differ by at most a few 1e-16); saturates cleanly to +-1, as exp
     * overflows to infinity or underflows to 0.
     */
    static double tanh(double s) {
        return 1.0 - 2.0 / (Math.exp(2.0 * s) + 1.0);
    }
}
