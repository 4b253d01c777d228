package io.catstream.nn;

import org.ejml.dense.row.CommonOps_DDRM;

/** The article's {@code update_parameters}: {@code W -= lr·dW}, {@code b -= lr·db}. */
public final class GradientDescent {

    private GradientDescent() {
    }

    public static void update(Parameters p, Workspace ws, double learningRate) {
        for (int l = 1; l <= p.layers(); l++) {
            CommonOps_DDRM.addEquals(p.weights(l), -learningRate, ws.dw[l]);
            CommonOps_DDRM.addEquals(p.bias(l), -learningRate, ws.db[l]);
        }
    }
}
