package io.catstream.onnx;

import java.util.Locale;

/**
 * The order of the values in the 4-D float tensor an ONNX model takes: {@code NCHW} (PyTorch: batch, channel,
 * row, column) or {@code NHWC} (Keras/TensorFlow: batch, row, column, channel). catstream's preprocessing always
 * produces one image as H·W·C values (row-major, RGB); the classifier reorders them into this layout.
 */
public enum TensorLayout {
    NCHW, NHWC;

    /** {@code nchw} or {@code nhwc}, any case. */
    public static TensorLayout parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("layout must be nchw (PyTorch) or nhwc (Keras/TensorFlow), got '" + text + "'");
        }
    }

    /** The input tensor's shape for {@code batch} square RGB images of side {@code size}. */
    public long[] shape(long batch, int size, int channels) {
        return this == NCHW ? new long[] {batch, channels, size, size} : new long[] {batch, size, size, channels};
    }

    /**
     * Writes one image given as H·W·C doubles ({@code hwc[offset ..]}) into {@code out} in this layout, as float32.
     * NHWC is the same order; NCHW moves each channel to its own plane.
     */
    public void fill(double[] hwc, int offset, int size, int channels, float[] out) {
        int pixels = size * size;
        if (this == NHWC) {
            for (int i = 0; i < pixels * channels; i++) {
                out[i] = (float) hwc[offset + i];
            }
            return;
        }
        for (int p = 0; p < pixels; p++) {
            int from = offset + p * channels;
            for (int c = 0; c < channels; c++) {
                out[c * pixels + p] = (float) hwc[from + c];
            }
        }
    }

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
