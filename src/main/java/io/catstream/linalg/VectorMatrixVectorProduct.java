package io.catstream.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code y = W·x} with the JDK 17 Vector API. Needs {@code --add-modules jdk.incubator.vector}; get it through
 * {@link MatrixVectorProduct#fastestAvailable} so that nothing breaks without the module.
 *
 * <p>Four rows at a time, two vectors per row (8 accumulators): each pair of {@code x} vectors is loaded once for
 * four rows, so {@code x} (384 KB for a 128² RGB image) is streamed {@code rows / 4} times instead of
 * {@code rows} times next to the weights. Each lane accumulates its products with fused multiply-adds; the lanes
 * are summed at the end, so results differ from a plain dot product only by summation order and FMA rounding
 * (≈1e-16 relative per product, checked against {@code nn.Forward.probabilities} to 1e-12 by the tests).
 */
public final class VectorMatrixVectorProduct implements MatrixVectorProduct {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public void mult(double[] w, int rows, int cols, double[] x, double[] y) {
        if (w.length < (long) rows * cols || x.length < cols || y.length < rows) {
            throw new IllegalArgumentException("W·x needs w of " + (long) rows * cols + ", x of " + cols + ", y of " + rows
                    + " values, got " + w.length + ", " + x.length + ", " + y.length);
        }
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            rows4(w, r, cols, x, y);
        }
        for (; r < rows; r++) {
            y[r] = row1(w, r * cols, cols, x);
        }
    }

    /** Rows {@code r .. r+4}: 4 rows × 2 vectors of accumulators, then the scalar tail of each row. */
    private static void rows4(double[] w, int r, int cols, double[] x, double[] y) {
        int w0 = r * cols;
        int w1 = w0 + cols;
        int w2 = w1 + cols;
        int w3 = w2 + cols;
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector b0 = a0;
        DoubleVector a1 = a0;
        DoubleVector b1 = a0;
        DoubleVector a2 = a0;
        DoubleVector b2 = a0;
        DoubleVector a3 = a0;
        DoubleVector b3 = a0;
        int bound = cols - 2 * L;
        int c = 0;
        for (; c <= bound; c += 2 * L) {
            DoubleVector xa = DoubleVector.fromArray(S, x, c);
            DoubleVector xb = DoubleVector.fromArray(S, x, c + L);
            a0 = DoubleVector.fromArray(S, w, w0 + c).fma(xa, a0);
            b0 = DoubleVector.fromArray(S, w, w0 + c + L).fma(xb, b0);
            a1 = DoubleVector.fromArray(S, w, w1 + c).fma(xa, a1);
            b1 = DoubleVector.fromArray(S, w, w1 + c + L).fma(xb, b1);
            a2 = DoubleVector.fromArray(S, w, w2 + c).fma(xa, a2);
            b2 = DoubleVector.fromArray(S, w, w2 + c + L).fma(xb, b2);
            a3 = DoubleVector.fromArray(S, w, w3 + c).fma(xa, a3);
            b3 = DoubleVector.fromArray(S, w, w3 + c + L).fma(xb, b3);
        }
        double s0 = a0.add(b0).reduceLanes(VectorOperators.ADD);
        double s1 = a1.add(b1).reduceLanes(VectorOperators.ADD);
        double s2 = a2.add(b2).reduceLanes(VectorOperators.ADD);
        double s3 = a3.add(b3).reduceLanes(VectorOperators.ADD);
        for (; c < cols; c++) {
            double xc = x[c];
            s0 = Math.fma(w[w0 + c], xc, s0);
            s1 = Math.fma(w[w1 + c], xc, s1);
            s2 = Math.fma(w[w2 + c], xc, s2);
            s3 = Math.fma(w[w3 + c], xc, s3);
        }
        y[r] = s0;
        y[r + 1] = s1;
        y[r + 2] = s2;
        y[r + 3] = s3;
    }

    /** One row left over after the 4-row blocks. */
    private static double row1(double[] w, int base, int cols, double[] x) {
        DoubleVector a = DoubleVector.zero(S);
        DoubleVector b = a;
        int bound = cols - 2 * L;
        int c = 0;
        for (; c <= bound; c += 2 * L) {
            a = DoubleVector.fromArray(S, w, base + c).fma(DoubleVector.fromArray(S, x, c), a);
            b = DoubleVector.fromArray(S, w, base + c + L).fma(DoubleVector.fromArray(S, x, c + L), b);
        }
        double s = a.add(b).reduceLanes(VectorOperators.ADD);
        for (; c < cols; c++) {
            s = Math.fma(w[base + c], x[c], s);
        }
        return s;
    }

    @Override
    public String name() {
        return "vector(" + L + " lanes, 4 rows x 2 vectors)";
    }
}
