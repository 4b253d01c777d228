package io.catstream.nn;

import org.ejml.dense.row.CommonOps_DDRM;

/** The article's {@code update_parameters}: {@code W -= lr·dW}, {@code b -= lr·db}. */
public final class GradientDescent {

    private GradientDescent() {
    }

    public static void update(Parameters p, Workspace ws, double learningRate) {
        update(p, ws, learningRate, 1);
    }

    /** Updates {@code W_l} for {@code l ≥ firstWeights} and every {@code b_l}. */
    static void update(Parameters p, Workspace ws, double learningRate, int firstWeights) {
        for (int l = 1; l <= p.layers(); l++) {
            if (l >= firstWeights) {
                CommonOps_DDRM.addEquals(p.weights(l), -learningRate, ws.dw[l]);   // W -= lr·dW
            }
            CommonOps_DDRM.addEquals(p.bias(l), -learningRate, ws.db[l]);          // b -= lr·db
        }
    }
}
