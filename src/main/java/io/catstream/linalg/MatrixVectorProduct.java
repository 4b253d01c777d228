package io.catstream.linalg;


/**
 * {@code y = W·x} for a row-major {@code rows × cols} matrix {@code W} (as in {@code DMatrixRMaj.data}) and a
 * vector {@code x} of length {@code cols}: the scorer's per-image first layer ({@code 20 × 49152} for the article
 * network), which reads the whole weight matrix for every image.
 */
public interface MatrixVectorProduct {

    /** {@code y[r] = Σ_c w[r·cols + c]·x[c]} for {@code r < rows}. */
    void mult(double[] w, int rows, int cols, double[] x, double[] y);

    /** A short name for logs and benchmarks. */
    String name();

    /**
     * The Vector API kernel when the module {@code jdk.incubator.vector} is in the boot layer, else the scalar
     * one, with one WARN line saying how to enable the fast one. The vector class is loaded by name, so nothing
     * here links against the incubator module (as {@link TransBGemm#fastestAvailable}).
     */
    static MatrixVectorProduct fastestAvailable() {
        return VectorKernels.fastestAvailable(MatrixVectorProduct.class, "io.catstream.linalg.VectorMatrixVectorProduct",
                ScalarMatrixVectorProduct::new, "scoring uses the scalar matrix-vector kernel, about twice as slow");
    }
}
