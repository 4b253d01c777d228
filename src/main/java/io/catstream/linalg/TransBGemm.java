package io.catstream.linalg;

import org.ejml.data.DMatrixRMaj;

/**
 * Dense float64 products of the form {@code C = A·Bᵀ} ("multTransB" in EJML's naming) with {@code A} given
 * as {@code M × K} and {@code B} as {@code N × K}, both row-major: the one shape the Gram trainer needs
 * ({@code G = X·Xᵀ}, {@code P0 = W1·Xᵀ}, {@code U·G = U·Gᵀ} for symmetric {@code G}). Outputs are reshaped
 * and overwritten, never accumulated into.
 */
public interface TransBGemm {

    /** {@code c = a·bᵀ}; {@code a} is {@code M × K}, {@code b} is {@code N × K}, {@code c} becomes {@code M × N}. */
    void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    /** {@code c = x·xᵀ} ({@code M × M}, symmetric): computes the upper triangle and mirrors it. */
    void gram(DMatrixRMaj x, DMatrixRMaj c);

    /** {@code b} in this kernel's internal layout, for many products with the same right-hand side. */
    PackedTransB pack(DMatrixRMaj b);

    /** {@code c = a·bᵀ} with {@code b} prepared by {@link #pack} of this kernel. */
    void multTransB(DMatrixRMaj a, PackedTransB b, DMatrixRMaj c);

    /** {@code c += a·b} (b not transposed: {@code K × N}); {@code c} must be {@code M × N}. For small M. */
    void multAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    /** A short name for logs and benchmarks, e.g. {@code "vector(8 lanes, 4x24, kc=256, 2 threads)"}. */
    String name();

    /** A right-hand side {@code B} ({@code rows × cols}) in a kernel's internal layout. */
    interface PackedTransB {
        int rows();

        int cols();
    }

    /**
     * The Vector API kernel when the module {@code jdk.incubator.vector} is in the boot layer, else the scalar
     * one (several times slower) with one WARN line saying how to enable the fast one. The vector class is
     * loaded by name, so nothing here links against the incubator module.
     */
    static TransBGemm fastestAvailable(int threads) {
        return VectorKernels.fastestAvailable(TransBGemm.class, "io.catstream.linalg.VectorTransBGemm",
                () -> new ScalarTransBGemm(threads), "training uses the scalar GEMM kernel, several times slower", threads);
    }

    /** {@link #fastestAvailable(int)} on every available processor. */
    static TransBGemm fastestAvailable() {
        return fastestAvailable(Runtime.getRuntime().availableProcessors());
    }

    /** Throws unless {@code c (M × N) += a (M × K)·b (K × N)} fits. */
    static void checkMultAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (a.numCols != b.numRows || c.numRows != a.numRows || c.numCols != b.numCols) {
            throw new IllegalArgumentException("c += a·b needs a M × K, b K × N, c M × N, got a " + a.numRows + " × "
                    + a.numCols + ", b " + b.numRows + " × " + b.numCols + ", c " + c.numRows + " × " + c.numCols);
        }
    }

    /** Throws unless {@code a} ({@code M × K}) and {@code b} ({@code N × K}) agree on K. */
    static void checkInner(DMatrixRMaj a, int bRows, int bCols) {
        if (a.numCols != bCols) {
            throw new IllegalArgumentException("a·bᵀ needs a and b with the same number of columns, got a "
                    + a.numRows + " × " + a.numCols + " and b " + bRows + " × " + bCols);
        }
    }
}
