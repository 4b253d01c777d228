/**
 * The numeric kernels the networks run on, apart from the networks themselves (as EJML keeps operations apart from
 * the values they work on): the GEMM with a transposed right operand ({@link io.catstream.linalg.TransBGemm}), the
 * matrix-vector product of single-example scoring ({@link io.catstream.linalg.MatrixVectorProduct}), and the
 * plumbing that picks the fastest available variant ({@link io.catstream.linalg.VectorKernels}: the incubating
 * Vector API when {@code jdk.incubator.vector} is present, the scalar twin otherwise).
 *
 * <p>Every fast variant has a plain scalar twin in this package and is tested against it and against the NumPy
 * reference. Nothing here knows about images, models or Kafka.
 */
package io.catstream.linalg;
