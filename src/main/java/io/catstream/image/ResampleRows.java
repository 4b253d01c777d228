package io.catstream.image;

import io.catstream.linalg.VectorKernels;

/**
 * The vertical pass of {@link PillowBilinearResizer} for one output row: every byte of the row is
 * {@code clip8(2^21 + Σ_y src[row_y][i]·w_y)} over the same column {@code i} of consecutive source rows, so the work
 * runs along the row and the Vector API can do it 16 bytes at a time. Integer sums do not depend on their order:
 * every implementation gives Pillow's bytes.
 */
interface ResampleRows {

    /** Fixed-point fraction bits of Pillow's 8-bit resample: {@code PRECISION_BITS = 32 - 8 - 2}. */
    int PRECISION_BITS = 32 - 8 - 2;
    /** The rounding term every sum starts from: {@code 1 << (PRECISION_BITS - 1)}. */
    int HALF = 1 << (PRECISION_BITS - 1);

    /**
     * {@code dst[d + i] = clip8(HALF + Σ_{y < 5} src[r0 + y·stride + i]·w[k + y])} for {@code i < stride}: the
     * five-tap row of {@code resampleVertical5}.
     */
    void rows5(byte[] src, int r0, int stride, int[] w, int k, byte[] dst, int d);

    /** The same over {@code count} source rows: the general row of {@code ImagingResampleVertical_8bpc}. */
    void rows(byte[] src, int r0, int stride, int count, int[] w, int k, byte[] dst, int d);

    /** A short name for logs and benchmarks. */
    String name();

    /**
     * The Vector API rows when the module {@code jdk.incubator.vector} is in the boot layer, else the scalar ones
     * (with one WARN line). Loaded by name, so nothing here links against the incubator module (as
     * {@code MatrixVectorProduct.fastestAvailable}).
     */
    static ResampleRows fastestAvailable() {
        return VectorKernels.fastestAvailable(ResampleRows.class, "io.catstream.image.VectorResampleRows",
                ScalarResampleRows::new, "the resize's vertical pass runs scalar, about 1.5 times as slow");
    }

    /**
     * {@code clip8}: the 0..255 value of a fixed-point sum, saturating both ways. Branch-free ({@code in >> 22} is
     * at least 255 exactly when {@code in >= 255 << 22}, and at most 0 when {@code in <= 0}).
     */
    static byte clip8(int in) {
        return (byte) Math.min(255, Math.max(0, in >> PRECISION_BITS));
    }
}
