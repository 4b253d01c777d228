package io.catstream.linalg;

/**
 * Plain Java {@code y = W·x}: four accumulators per row (k ≡ 0..3 mod 4), added pairwise at the end. The fallback
 * without the Vector API and the baseline of the benchmarks.
 */
public final class ScalarMatrixVectorProduct implements MatrixVectorProduct {

    @Override
    public void mult(double[] w, int rows, int cols, double[] x, double[] y) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int c = 0;
            for (; c + 3 < cols; c += 4) {
                s0 += w[base + c] * x[c];
                s1 += w[base + c + 1] * x[c + 1];
                s2 += w[base + c + 2] * x[c + 2];
                s3 += w[base + c + 3] * x[c + 3];
            }
            for (; c < cols; c++) {
                s0 += w[base + c] * x[c];
            }
            y[r] = (s0 + s1) + (s2 + s3);
        }
    }

    @Override
    public String name() {
        return "scalar(4 accumulators)";
    }
}
