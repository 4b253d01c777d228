package io.catstream.nn;

import org.ejml.data.DMatrixRMaj;

/**
 * {@link Forward}'s {@code L_model_forward} for one example, without EJML's batch machinery: the scorer's hot
 * path. The caller owns the {@link #workspace(NetworkShape) workspace} (one per thread) so a record allocates
 * nothing here. Same formulas, same summation order per row as a plain matrix-vector product.
 */
public final class SingleExampleForward {

    private SingleExampleForward() {
    }

    /** Activation vectors {@code a[1..L]} for {@code shape}; {@code a[0]} is the input, supplied per call. */
    public static double[][] workspace(NetworkShape shape) {
        double[][] a = new double[shape.layers() + 1][];
        for (int l = 1; l <= shape.layers(); l++) {
            a[l] = new double[shape.size(l)];
        }
        return a;
    }

    /**
     * {@code A_L} for one example {@code x} (length {@code n_0}) with a single output unit: the probability
     * that {@code x} is a cat.
     */
    public static double probability(Parameters p, double[] x, double[][] workspace) {
        if (x.length != p.shape().inputSize()) {
            throw new IllegalArgumentException("x has " + x.length + " features, the network takes " + p.shape().inputSize());
        }
        double[] in = x;
        for (int l = 1; l <= p.layers(); l++) {
            double[] out = workspace[l];
            DMatrixRMaj w = p.weights(l);
            double[] b = p.bias(l).data;
            int cols = w.numCols;
            double[] wd = w.data;
            for (int r = 0; r < w.numRows; r++) {
                // z_r = W_l[r,:]·a_{l-1} + b_r  (linear_forward), four accumulators for the long first layer
                int base = r * cols;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int c = 0;
                for (; c + 3 < cols; c += 4) {
                    s0 += wd[base + c] * in[c];
                    s1 += wd[base + c + 1] * in[c + 1];
                    s2 += wd[base + c + 2] * in[c + 2];
                    s3 += wd[base + c + 3] * in[c + 3];
                }
                for (; c < cols; c++) {
                    s0 += wd[base + c] * in[c];
                }
                double z = (s0 + s1) + (s2 + s3) + b[r];
                // relu for hidden layers, sigmoid for the last (linear_activation_forward)
                out[r] = l == p.layers() ? 1 / (1 + Math.exp(-z)) : Math.max(0.0, z);
            }
            in = out;
        }
        return in[0];
    }
}
