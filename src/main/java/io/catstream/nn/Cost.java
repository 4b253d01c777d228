package io.catstream.nn;

import org.ejml.data.DMatrixRMaj;

/** The article's cross-entropy cost {@code -Σ (Y·log(A_L) + (1-Y)·log(1-A_L)) / m}. */
public final class Cost {

    private Cost() {
    }

    public static double crossEntropy(DMatrixRMaj output, DMatrixRMaj labels) {
        int m = labels.numCols;
        double sum = 0;
        for (int i = 0; i < m; i++) {
            double y = labels.data[i];
            double a = output.data[i];
            sum += y * Math.log(a) + (1 - y) * Math.log(1 - a);
        }
        return -sum / m;
    }
}
