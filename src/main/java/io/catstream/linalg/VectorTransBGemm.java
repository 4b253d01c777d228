package io.catstream.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.ejml.data.DMatrixRMaj;

/**
 * {@code C = A·Bᵀ} with the JDK 17 Vector API, GotoBLAS style. Needs {@code --add-modules jdk.incubator.vector};
 * get it through {@link TransBGemm#fastestAvailable} so that nothing breaks without the module.
 *
 * <p>Blocking: K is cut into blocks of {@code kc}; for each block, B is packed panel by panel ({@code NR} rows of
 * B, i.e. NR columns of C) into {@code [k][NR]} order, zero-padded, so that one k step of a panel is
 * {@code NR/L} contiguous vectors. A panel ({@code kc·NR·8} bytes, 288 KB at kc = 1536: under half of a 1 MB
 * L2; large K blocks mean few passes over C and few barriers) stays in L2 while the
 * micro-kernel sweeps all rows of A over it: {@code MR = 4} rows × 3 vectors = 12 accumulators, per k three
 * vector loads of B, four broadcasts of A (read in place, row-major: four sequential streams) and 12 FMAs.
 * Panels are the parallel tasks (N-blocks). Each element of C is one lane that accumulates its k products in
 * order with fused multiply-adds, block after block, so results differ from a plain dot product only by
 * FMA rounding (≈1e-16 relative).
 */
public final class VectorTransBGemm implements TransBGemm {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 4;
    static final int NR = 3 * L;
    static final int DEFAULT_KC = 1536;

    private static final ThreadLocal<double[]> PANEL = ThreadLocal.withInitial(() -> new double[0]);

    private final int threads;
    private final int kc;

    public VectorTransBGemm(int threads) {
        this(threads, DEFAULT_KC);
    }

    public VectorTransBGemm(int threads, int kc) {
        if (threads < 1 || kc < 1) {
            throw new IllegalArgumentException("threads and kc must be positive, got " + threads + ", " + kc);
        }
        this.threads = threads;
        this.kc = kc;
    }

    @Override
    public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        TransBGemm.checkInner(a, b.numRows, b.numCols);
        c.reshape(a.numRows, b.numRows);
        run(a, b, null, c, false);
    }

    @Override
    public void gram(DMatrixRMaj x, DMatrixRMaj c) {
        c.reshape(x.numRows, x.numRows);
        run(x, x, null, c, true);
        ScalarTransBGemm.mirrorUpperToLower(c);
    }

    @Override
    public PackedTransB pack(DMatrixRMaj b) {
        int n = b.numRows;
        int k = b.numCols;
        int panels = (n + NR - 1) / NR;
        Packed packed = new Packed(n, k, kc, new double[Math.multiplyExact(panels * NR, k)]);
        for (int kb = 0; kb < k; kb += kc) {
            int kcur = Math.min(kc, k - kb);
            int start = kb;
            // idempotent: a helper that lost its task to the caller writes the same values again
            ParallelTiles.forEach(panels, threads, (p, direct) -> {
                packPanel(b, p, start, kcur, packed.data, packed.offset(start, p));
                return null;
            });
        }
        return packed;
    }

    @Override
    public void multTransB(DMatrixRMaj a, PackedTransB b, DMatrixRMaj c) {
        if (!(b instanceof Packed packed)) {
            throw new IllegalArgumentException("b was packed by another kernel: " + b.getClass().getName());
        }
        TransBGemm.checkInner(a, packed.rows, packed.cols);
        c.reshape(a.numRows, packed.rows);
        run(a, null, packed, c, false);
    }

    /**
     * {@code c += a·b} with {@code b} ({@code K × N}) read in place, no packing: B's rows are already {@code [k][j]}
     * with stride N, so a panel is NR columns of B. Parallel over panels; meant for small M (materializing
     * {@code W1 = W1(0) + U·X}), where each panel is read from memory once and reused for all of A's rows.
     */
    @Override
    public void multAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        TransBGemm.checkMultAdd(a, b, c);
        int m = a.numRows;
        int k = a.numCols;
        int n = b.numCols;
        int panels = (n + NR - 1) / NR;
        ParallelTiles.forEach(panels, threads, (p, direct) -> {
            int j0 = p * NR;
            int nr = Math.min(NR, n - j0);
            double[] bp = b.data;
            int bOff = j0;
            int bStride = n;
            if (nr < NR) {
                // the right edge: copy into a zero-padded panel so that full-vector loads stay inside the array
                bp = new double[k * NR];
                for (int kk = 0; kk < k; kk++) {
                    System.arraycopy(b.data, kk * n + j0, bp, kk * NR, nr);
                }
                bOff = 0;
                bStride = NR;
            }
            Tile out = Tile.of(c.data, j0, n, m, nr, direct, true);
            int i = 0;
            for (; i + MR <= m; i += MR) {
                kernel4(a.data, i * k, k, bp, bOff, bStride, k, out.data, out.offset + i * out.ld, out.ld, nr, true);
            }
            for (; i < m; i++) {
                kernel1(a.data, i * k, bp, bOff, bStride, k, out.data, out.offset + i * out.ld, nr, true);
            }
            return out.commit();
        });
    }

    /**
     * Where a task writes its {@code rows × nr} block of C (columns from {@code j0}): C itself when the task runs
     * on the caller, else thread-local scratch (row stride NR), filled from C first when accumulating, copied out
     * on commit. See {@link ParallelTiles}.
     */
    private record Tile(double[] data, int offset, int ld, double[] c, int j0, int ldc, int rows, int nr) {
        private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

        static Tile of(double[] c, int j0, int ldc, int rows, int nr, boolean direct, boolean accumulate) {
            if (direct) {
                return new Tile(c, j0, ldc, c, j0, ldc, rows, nr);
            }
            double[] scratch = SCRATCH.get();
            if (scratch.length < rows * NR) {
                scratch = new double[rows * NR];
                SCRATCH.set(scratch);
            }
            if (accumulate) {
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(c, i * ldc + j0, scratch, i * NR, nr);
                }
            }
            return new Tile(scratch, 0, NR, c, j0, ldc, rows, nr);
        }

        Runnable commit() {
            if (data == c) {
                return null;
            }
            return () -> {
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(data, i * NR, c, i * ldc + j0, nr);
                }
            };
        }
    }

    @Override
    public String name() {
        return "vector(" + L + " lanes, " + MR + "x" + NR + ", kc=" + kc + ", " + threads + " threads)";
    }

    /** B panel by panel: for K block {@code kb}, panel {@code p} is at {@code kb·panels·NR + p·kcur·NR}. */
    private record Packed(int rows, int cols, int kc, double[] data) implements PackedTransB {
        int offset(int kb, int panel) {
            int panels = (rows + NR - 1) / NR;
            return kb * panels * NR + panel * Math.min(kc, cols - kb) * NR;
        }
    }

    private void run(DMatrixRMaj a, DMatrixRMaj b, Packed packed, DMatrixRMaj c, boolean upper) {
        int m = a.numRows;
        int k = a.numCols;
        int n = c.numCols;
        if (k == 0) {
            c.zero();
            return;
        }
        int block = packed != null ? packed.kc : kc;
        int panels = (n + NR - 1) / NR;
        for (int kb = 0; kb < k; kb += block) {
            int kcur = Math.min(block, k - kb);
            int start = kb;
            boolean accumulate = kb > 0;
            ParallelTiles.forEach(panels, threads, (t, direct) -> {
                // the triangle's panels grow with p: hand out the largest first
                int p = upper ? panels - 1 - t : t;
                double[] bp;
                int bOff;
                if (packed != null) {
                    bp = packed.data;
                    bOff = packed.offset(start, p);
                } else {
                    bp = PANEL.get();
                    if (bp.length < kcur * NR) {
                        bp = new double[block * NR];
                        PANEL.set(bp);
                    }
                    bOff = 0;
                    packPanel(b, p, start, kcur, bp, 0);
                }
                int j0 = p * NR;
                int nr = Math.min(NR, n - j0);
                int rows = upper ? Math.min(m, j0 + nr) : m;
                Tile out = Tile.of(c.data, j0, n, rows, nr, direct, accumulate);
                int i = 0;
                for (; i + MR <= rows; i += MR) {
                    kernel4(a.data, i * k + start, k, bp, bOff, NR, kcur, out.data, out.offset + i * out.ld, out.ld, nr, accumulate);
                }
                for (; i < rows; i++) {
                    kernel1(a.data, i * k + start, bp, bOff, NR, kcur, out.data, out.offset + i * out.ld, nr, accumulate);
                }
                return out.commit();
            });
        }
    }

    /** {@code dst[off + kk·NR + jj] = b[p·NR + jj][kb + kk]}, zero for rows past the end of b. */
    private static void packPanel(DMatrixRMaj b, int p, int kb, int kcur, double[] dst, int off) {
        int k = b.numCols;
        int j0 = p * NR;
        int nr = Math.min(NR, b.numRows - j0);
        double[] src = b.data;
        for (int jj = 0; jj < nr; jj++) {
            int s = (j0 + jj) * k + kb;
            int d = off + jj;
            for (int kk = 0; kk < kcur; kk++, d += NR) {
                dst[d] = src[s + kk];
            }
        }
        for (int jj = nr; jj < NR; jj++) {
            for (int kk = 0, d = off + jj; kk < kcur; kk++, d += NR) {
                dst[d] = 0;
            }
        }
    }

    /**
     * {@code C[i0..i0+4)[j0..j0+nr) (+)= A[i0..i0+4)[kb..kb+kcur) · panel}: 4 rows × 3 vectors of accumulators.
     * {@code aOff} is A's (i0, kb), {@code lda} its row stride; the panel's k-th row of NR values starts at
     * {@code bOff + k·bStride} ({@code NR} when packed, B's row length when read in place); {@code cOff} is C's
     * (i0, j0).
     */
    private static void kernel4(double[] a, int aOff, int lda, double[] bp, int bOff, int bStride, int kcur,
                                double[] c, int cOff, int ldc, int nr, boolean accumulate) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c12 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c22 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c32 = c00;
        int a0 = aOff;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int bi = bOff;
        for (int kk = 0; kk < kcur; kk++, bi += bStride) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, bi + 2 * L);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + kk]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            x = DoubleVector.broadcast(S, a[a1 + kk]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            x = DoubleVector.broadcast(S, a[a2 + kk]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            x = DoubleVector.broadcast(S, a[a3 + kk]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
        }
        // Stores are written out here, not in a helper method: C2 does not inline a method that big at a cold call
        // site, and passing vectors to a call it does not inline boxes them (measured: 10x slower loop).
        int o0 = cOff;
        int o1 = o0 + ldc;
        int o2 = o1 + ldc;
        int o3 = o2 + ldc;
        if (nr == NR) {
            if (accumulate) {
                c00 = c00.add(DoubleVector.fromArray(S, c, o0));
                c01 = c01.add(DoubleVector.fromArray(S, c, o0 + L));
                c02 = c02.add(DoubleVector.fromArray(S, c, o0 + 2 * L));
                c10 = c10.add(DoubleVector.fromArray(S, c, o1));
                c11 = c11.add(DoubleVector.fromArray(S, c, o1 + L));
                c12 = c12.add(DoubleVector.fromArray(S, c, o1 + 2 * L));
                c20 = c20.add(DoubleVector.fromArray(S, c, o2));
                c21 = c21.add(DoubleVector.fromArray(S, c, o2 + L));
                c22 = c22.add(DoubleVector.fromArray(S, c, o2 + 2 * L));
                c30 = c30.add(DoubleVector.fromArray(S, c, o3));
                c31 = c31.add(DoubleVector.fromArray(S, c, o3 + L));
                c32 = c32.add(DoubleVector.fromArray(S, c, o3 + 2 * L));
            }
            c00.intoArray(c, o0);
            c01.intoArray(c, o0 + L);
            c02.intoArray(c, o0 + 2 * L);
            c10.intoArray(c, o1);
            c11.intoArray(c, o1 + L);
            c12.intoArray(c, o1 + 2 * L);
            c20.intoArray(c, o2);
            c21.intoArray(c, o2 + L);
            c22.intoArray(c, o2 + 2 * L);
            c30.intoArray(c, o3);
            c31.intoArray(c, o3 + L);
            c32.intoArray(c, o3 + 2 * L);
        } else {
            // a partial panel at the right edge of C
            double[] tile = new double[MR * NR];
            c00.intoArray(tile, 0);
            c01.intoArray(tile, L);
            c02.intoArray(tile, 2 * L);
            c10.intoArray(tile, NR);
            c11.intoArray(tile, NR + L);
            c12.intoArray(tile, NR + 2 * L);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + L);
            c22.intoArray(tile, 2 * NR + 2 * L);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + L);
            c32.intoArray(tile, 3 * NR + 2 * L);
            storePartial(tile, MR, c, cOff, ldc, nr, accumulate);
        }
    }

    /** One row of A against a panel: the rows left over after the 4-row blocks. */
    private static void kernel1(double[] a, int aOff, double[] bp, int bOff, int bStride, int kcur,
                                double[] c, int cOff, int nr, boolean accumulate) {
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        int bi = bOff;
        for (int kk = 0; kk < kcur; kk++, bi += bStride) {
            DoubleVector x = DoubleVector.broadcast(S, a[aOff + kk]);
            c0 = DoubleVector.fromArray(S, bp, bi).fma(x, c0);
            c1 = DoubleVector.fromArray(S, bp, bi + L).fma(x, c1);
            c2 = DoubleVector.fromArray(S, bp, bi + 2 * L).fma(x, c2);
        }
        if (nr == NR) {
            if (accumulate) {
                c0 = c0.add(DoubleVector.fromArray(S, c, cOff));
                c1 = c1.add(DoubleVector.fromArray(S, c, cOff + L));
                c2 = c2.add(DoubleVector.fromArray(S, c, cOff + 2 * L));
            }
            c0.intoArray(c, cOff);
            c1.intoArray(c, cOff + L);
            c2.intoArray(c, cOff + 2 * L);
        } else {
            double[] tile = new double[NR];
            c0.intoArray(tile, 0);
            c1.intoArray(tile, L);
            c2.intoArray(tile, 2 * L);
            storePartial(tile, 1, c, cOff, 0, nr, accumulate);
        }
    }

    /** {@code C[r][0..nr) (+)= tile[r][0..nr)} for the rows of a tile ({@code NR} per row). */
    private static void storePartial(double[] tile, int rows, double[] c, int cOff, int ldc, int nr, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < nr; j++) {
                int o = cOff + r * ldc + j;
                c[o] = accumulate ? c[o] + tile[r * NR + j] : tile[r * NR + j];
            }
        }
    }
}
