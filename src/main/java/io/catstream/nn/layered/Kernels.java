package io.catstream.nn.layered;

import io.catstream.linalg.MatrixVectorProduct;
import io.catstream.linalg.TransBGemm;

/**
 * The products the layers run, chosen once per JVM: the Vector API kernels when {@code jdk.incubator.vector} is
 * present (else the scalar ones, with one WARN line each). Single-threaded on purpose: a mini-batch is
 * parallelised over examples ({@link ExampleChunks}), so each product runs on the thread of its example.
 * Measured on the 64×64 CNN's shapes (AVX-512, one core): {@code cols·Wᵀ} at 7, 32 and 36 GFLOPS for conv16,
 * conv32 and conv64, where EJML's {@code mult}/{@code multTransB} reach 3 to 5.
 */
final class Kernels {

    static final TransBGemm GEMM = TransBGemm.fastestAvailable(1);
    static final MatrixVectorProduct MATRIX_VECTOR = MatrixVectorProduct.fastestAvailable();

    private Kernels() {
    }
}
