package io.catstream.nn;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/** {@code [LINEAR -> RELU] × (L-1) -> LINEAR -> SIGMOID}, the article's {@code L_model_forward}. */
public final class Forward {

    private Forward() {
    }

    /**
     * Runs the network on {@code features} ({@code m × n_x}, one example per row) and returns {@code A_L}
     * ({@code 1 × m}), which lives in the workspace together with every {@code Z_l} and {@code A_l}.
     */
    public static DMatrixRMaj propagate(Parameters p, DMatrixRMaj features, Workspace ws) {
        // Z1 = W1·X  (X's columns are our rows)
        CommonOps_MT_DDRM.multTransB(p.weights(1), features, ws.z[1]);
        return propagateFromFirstLayer(p, ws);
    }

    /**
     * The forward pass after the one expensive product: expects {@code W1·X} (without bias) in the workspace's
     * {@code Z1}, adds {@code b1}, applies layer 1's activation and runs layers 2..L. Shared by
     * {@link PlainDescent} and {@link GramDescent}, which differ only in how they get {@code W1·X}.
     */
    static DMatrixRMaj propagateFromFirstLayer(Parameters p, Workspace ws) {
        finishLayer(p, ws, 1);
        for (int l = 2; l <= p.layers(); l++) {
            CommonOps_DDRM.mult(p.weights(l), ws.a[l - 1], ws.z[l]);   // Z_l = W_l·A_{l-1}
            finishLayer(p, ws, l);
        }
        return ws.output();
    }

    /** Adds the bias to {@code Z_l} (already holding {@code W_l·A_{l-1}}) and applies the activation. */
    static void finishLayer(Parameters p, Workspace ws, int l) {
        addBias(ws.z[l], p.bias(l));
        if (l == p.layers()) {
            sigmoid(ws.z[l], ws.a[l]);
        } else {
            relu(ws.z[l], ws.a[l]);
        }
    }

    /** {@code Z += b}, broadcast along the columns. */
    static void addBias(DMatrixRMaj z, DMatrixRMaj b) {
        int cols = z.numCols;
        for (int r = 0; r < z.numRows; r++) {
            double bias = b.data[r];
            int row = r * cols;
            for (int c = 0; c < cols; c++) {
                z.data[row + c] += bias;
            }
        }
    }

    /** {@code A = 1 / (1 + exp(-Z))}. */
    static void sigmoid(DMatrixRMaj z, DMatrixRMaj a) {
        int n = z.getNumElements();
        for (int i = 0; i < n; i++) {
            a.data[i] = 1 / (1 + Math.exp(-z.data[i]));
        }
    }

    /** {@code A = max(0, Z)}. */
    static void relu(DMatrixRMaj z, DMatrixRMaj a) {
        int n = z.getNumElements();
        for (int i = 0; i < n; i++) {
            a.data[i] = Math.max(0.0, z.data[i]);
        }
    }

    /** Probabilities {@code A_L} for a batch, allocating its own workspace: for evaluation and scoring. */
    public static double[] probabilities(Parameters p, DMatrixRMaj features) {
        Workspace ws = new Workspace(p.shape(), features.numRows);
        DMatrixRMaj out = propagate(p, features, ws);
        double[] result = new double[features.numRows];
        System.arraycopy(out.data, 0, result, 0, result.length);
        return result;
    }
}
