/**
 * Shared plumbing for the kernels on the JDK's incubating Vector API ({@code jdk.incubator.vector}): choosing
 * them when the module is present and their scalar twins when it is not. The kernels themselves live with the
 * stage they serve ({@code image} for the resize, {@code nn} for the GEMM and the matrix-vector product).
 */
package io.catstream.vector;
