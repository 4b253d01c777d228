package io.catstream.image;

/** {@link ResampleRows} in plain Java, one byte at a time; also the tail of the vector rows. */
final class ScalarResampleRows implements ResampleRows {

    @Override
    public void rows5(byte[] src, int r0, int stride, int[] w, int k, byte[] dst, int d) {
        rows5(src, r0, stride, w, k, dst, d, 0, stride);
    }

    /** {@link #rows5} on bytes {@code from .. to} of the row. */
    static void rows5(byte[] src, int r0, int stride, int[] w, int k, byte[] dst, int d, int from, int to) {
        int w0 = w[k];
        int w1 = w[k + 1];
        int w2 = w[k + 2];
        int w3 = w[k + 3];
        int w4 = w[k + 4];
        int r1 = r0 + stride;
        int r2 = r1 + stride;
        int r3 = r2 + stride;
        int r4 = r3 + stride;
        for (int i = from; i < to; i++) {
            int ss = HALF
                    + (src[r0 + i] & 0xFF) * w0
                    + (src[r1 + i] & 0xFF) * w1
                    + (src[r2 + i] & 0xFF) * w2
                    + (src[r3 + i] & 0xFF) * w3
                    + (src[r4 + i] & 0xFF) * w4;
            dst[d + i] = ResampleRows.clip8(ss);
        }
    }

    @Override
    public void rows(byte[] src, int r0, int stride, int count, int[] w, int k, byte[] dst, int d) {
        rows(src, r0, stride, count, w, k, dst, d, 0, stride);
    }

    /** {@link #rows} on bytes {@code from .. to} of the row, one byte's whole sum at a time. */
    static void rows(byte[] src, int r0, int stride, int count, int[] w, int k, byte[] dst, int d, int from, int to) {
        for (int i = from; i < to; i++) {
            int ss = HALF;
            for (int y = 0, s = r0 + i; y < count; y++, s += stride) {
                ss += (src[s] & 0xFF) * w[k + y];
            }
            dst[d + i] = ResampleRows.clip8(ss);
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
