package io.catstream.nn;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * The article's {@code L_model_backward}: gradients of the cross-entropy cost with respect to every
 * {@code W_l} and {@code b_l}, left in the workspace. Expects the workspace of the forward pass just run.
 */
public final class Backward {

    private Backward() {
    }

    public static void propagate(Parameters p, LabelledExamples batch, Workspace ws) {
        propagateExceptFirstWeights(p, batch.labels(), ws);
        // dW1 = dZ1·X / m  (X's columns are our rows, so A_0ᵀ is our feature matrix as stored)
        CommonOps_MT_DDRM.mult(ws.dz[1], batch.features(), ws.dw[1]);
        CommonOps_DDRM.divide(ws.dw[1], ws.m);
    }

    /**
     * Everything of the backward pass except the one expensive product {@code dW1 = dZ1·X/m}: {@code dW_l} for
     * l = 2..L, every {@code db_l}, and {@code dZ_l} for every layer including {@code dZ1}. Shared by
     * {@link PlainDescent} and {@link GramDescent}, which differ only in what they do with {@code dZ1}.
     */
    static void propagateExceptFirstWeights(Parameters p, DMatrixRMaj labels, Workspace ws) {
        int layers = p.layers();
        outputGradient(ws.output(), labels, ws.da[layers]);
        for (int l = layers; l >= 1; l--) {
            if (l == layers) {
                sigmoidBackward(ws.da[l], ws.z[l], ws.dz[l]);
            } else {
                reluBackward(ws.da[l], ws.z[l], ws.dz[l]);
            }
            if (l > 1) {
                CommonOps_DDRM.multTransB(ws.dz[l], ws.a[l - 1], ws.dw[l]);   // dW = dZ·A_prevᵀ / m
                CommonOps_DDRM.multTransA(p.weights(l), ws.dz[l], ws.da[l - 1]); // dA_prev = Wᵀ·dZ
                CommonOps_DDRM.divide(ws.dw[l], ws.m);
            }
            biasGradient(ws.dz[l], ws.db[l], ws.m);
        }
    }

    /** {@code dA_L = -(Y/A_L - (1-Y)/(1-A_L))}. */
    static void outputGradient(DMatrixRMaj output, DMatrixRMaj labels, DMatrixRMaj da) {
        int m = labels.numCols;
        for (int i = 0; i < m; i++) {
            double y = labels.data[i];
            double a = output.data[i];
            da.data[i] = -(y / a - (1 - y) / (1 - a));
        }
    }

    /** {@code s = 1/(1+exp(-Z)); dZ = dA·s·(1-s)}. */
    static void sigmoidBackward(DMatrixRMaj da, DMatrixRMaj z, DMatrixRMaj dz) {
        int n = z.getNumElements();
        for (int i = 0; i < n; i++) {
            double s = 1 / (1 + Math.exp(-z.data[i]));
            dz.data[i] = da.data[i] * s * (1 - s);
        }
    }

    /** {@code dZ = dA} where {@code Z > 0}, else 0. */
    static void reluBackward(DMatrixRMaj da, DMatrixRMaj z, DMatrixRMaj dz) {
        int n = z.getNumElements();
        for (int i = 0; i < n; i++) {
            dz.data[i] = z.data[i] > 0 ? da.data[i] : 0.0;
        }
    }

    /** {@code db = Σ_columns dZ / m}. */
    static void biasGradient(DMatrixRMaj dz, DMatrixRMaj db, int m) {
        int cols = dz.numCols;
        for (int r = 0; r < dz.numRows; r++) {
            double sum = 0;
            int row = r * cols;
            for (int c = 0; c < cols; c++) {
                sum += dz.data[row + c];
            }
            db.data[r] = sum / m;
        }
    }
}
