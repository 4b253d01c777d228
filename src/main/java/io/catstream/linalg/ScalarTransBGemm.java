package io.catstream.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * Plain Java {@code C = A·Bᵀ}: every element a dot product summed in k order, exactly as EJML's
 * {@code CommonOps_DDRM.multTransB} (so bit-equal to it), rows spread over threads. The fallback without the
 * Vector API and the oracle of the kernel tests.
 */
public final class ScalarTransBGemm implements TransBGemm {

    private static final int ROWS_PER_TASK = 8;

    private final int threads;

    public ScalarTransBGemm(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        TransBGemm.checkInner(a, b.numRows, b.numCols);
        c.reshape(a.numRows, b.numRows);
        compute(a, b, c, false);
    }

    @Override
    public void gram(DMatrixRMaj x, DMatrixRMaj c) {
        c.reshape(x.numRows, x.numRows);
        compute(x, x, c, true);
        mirrorUpperToLower(c);
    }

    @Override
    public PackedTransB pack(DMatrixRMaj b) {
        return new Packed(b.copy());
    }

    @Override
    public void multTransB(DMatrixRMaj a, PackedTransB b, DMatrixRMaj c) {
        if (!(b instanceof Packed packed)) {
            throw new IllegalArgumentException("b was packed by another kernel: " + b.getClass().getName());
        }
        multTransB(a, packed.b, c);
    }

    /** EJML's own row-major {@code multAdd} on threads: the same arithmetic as {@code CommonOps_DDRM.multAdd}. */
    @Override
    public void multAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        TransBGemm.checkMultAdd(a, b, c);
        CommonOps_MT_DDRM.multAdd(a, b, c);
    }

    @Override
    public String name() {
        return "scalar(" + threads + " threads)";
    }

    private record Packed(DMatrixRMaj b) implements PackedTransB {
        @Override
        public int rows() {
            return b.numRows;
        }

        @Override
        public int cols() {
            return b.numCols;
        }
    }

    /** {@code c[i][j] = Σ_k a[i][k]·b[j][k]}, for {@code j ≥ i} only when {@code upper}. */
    private void compute(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, boolean upper) {
        int m = a.numRows;
        int n = b.numRows;
        int k = a.numCols;
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        int tasks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        ParallelTiles.forEach(tasks, threads, (t, direct) -> {
            int first = t * ROWS_PER_TASK;
            int last = Math.min(m, first + ROWS_PER_TASK);
            // a helper writes rows first..last of C into scratch (row stride n) and copies them out on commit
            double[] out = direct ? cd : new double[(last - first) * n];
            int base = direct ? 0 : first * n;
            for (int i = first; i < last; i++) {
                int ai = i * k;
                int ci = i * n - base;
                int j = upper ? i : 0;
                // four columns at a time: four independent sums, each still in k order
                for (; j + 4 <= n; j += 4) {
                    int b0 = j * k;
                    int b1 = b0 + k;
                    int b2 = b1 + k;
                    int b3 = b2 + k;
                    double s0 = 0;
                    double s1 = 0;
                    double s2 = 0;
                    double s3 = 0;
                    for (int p = 0; p < k; p++) {
                        double av = ad[ai + p];
                        s0 += av * bd[b0 + p];
                        s1 += av * bd[b1 + p];
                        s2 += av * bd[b2 + p];
                        s3 += av * bd[b3 + p];
                    }
                    out[ci + j] = s0;
                    out[ci + j + 1] = s1;
                    out[ci + j + 2] = s2;
                    out[ci + j + 3] = s3;
                }
                for (; j < n; j++) {
                    int bj = j * k;
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += ad[ai + p] * bd[bj + p];
                    }
                    out[ci + j] = s;
                }
            }
            return direct ? null : () -> System.arraycopy(out, 0, cd, base, out.length);
        });
    }

    static void mirrorUpperToLower(DMatrixRMaj c) {
        int n = c.numCols;
        double[] d = c.data;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[j * n + i] = d[i * n + j];
            }
        }
    }
}
