package io.catstream.nn;

import org.slf4j.LoggerFactory;

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
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (MatrixVectorProduct) Class.forName("io.catstream.nn.VectorMatrixVectorProduct")
                        .getConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                LoggerFactory.getLogger(MatrixVectorProduct.class).warn("the Vector API matrix-vector kernel failed to load"
                        + " ({}): scoring uses the scalar kernel, about twice as slow", e.toString());
                return new ScalarMatrixVectorProduct();
            }
        }
        LoggerFactory.getLogger(MatrixVectorProduct.class).warn("module jdk.incubator.vector is not available: scoring"
                + " uses the scalar matrix-vector kernel, about twice as slow; start java with --add-modules jdk.incubator.vector");
        return new ScalarMatrixVectorProduct();
    }
}
