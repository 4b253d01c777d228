package io.catstream.nn;

import io.catstream.linalg.MatrixVectorProduct;
import org.ejml.data.DMatrixRMaj;

/**
 * {@link Forward}'s {@code L_model_forward} for one example, without EJML's batch machinery: the scorer's hot
 * path. The caller owns the {@link #workspace(NetworkShape) workspace} (one per thread) so a record allocates
 * nothing here. Same formulas; each {@code W_l·a_{l-1}} is a {@link MatrixVectorProduct}, the Vector API one when
 * the module is present ({@link MatrixVectorProduct#fastestAvailable}), so sums differ from the batch pass only
 * in order and FMA rounding (within 1e-12 of its probabilities, see the tests).
 */
public final class SingleExampleForward {

    private SingleExampleForward() {
    }

    /** The kernel of {@link #probability(Parameters, double[], double[][])}, chosen once per JVM. */
    private static final class Kernel {
        static final MatrixVectorProduct FASTEST = MatrixVectorProduct.fastestAvailable();
    }

    /** The kernel the scorer uses in this JVM. */
    public static MatrixVectorProduct kernel() {
        return Kernel.FASTEST;
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
        return probability(p, x, workspace, Kernel.FASTEST);
    }

    /** {@link #probability(Parameters, double[], double[][])} with a given matrix-vector kernel. */
    public static double probability(Parameters p, double[] x, double[][] workspace, MatrixVectorProduct kernel) {
        if (x.length != p.shape().inputSize()) {
            throw new IllegalArgumentException("x has " + x.length + " features, the network takes " + p.shape().inputSize());
        }
        double[] in = x;
        for (int l = 1; l <= p.layers(); l++) {
            double[] out = workspace[l];
            DMatrixRMaj w = p.weights(l);
            double[] b = p.bias(l).data;
            // z = W_l·a_{l-1} + b  (linear_forward)
            kernel.mult(w.data, w.numRows, w.numCols, in, out);
            boolean last = l == p.layers();
            for (int r = 0; r < w.numRows; r++) {
                double z = out[r] + b[r];
                // relu for hidden layers, sigmoid for the last (linear_activation_forward)
                out[r] = last ? 1 / (1 + Math.exp(-z)) : Math.max(0.0, z);
            }
            in = out;
        }
        return in[0];
    }
}
