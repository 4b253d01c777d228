package io.catstream.image;

/**
 * The resizer as it was before the coefficient cache and the row-wise vertical pass (commit 4198350), kept
 * verbatim as the baseline of {@code PillowBilinearResizerTest} and {@code PreprocessingBenchmark}.
 *
 * <p>Original description:
 * A line-by-line port of Pillow's {@code Image.resize(size, Image.BILINEAR)} for 8-bit RGB
 * ({@code libImaging/Resample.c}: {@code precompute_coeffs}, {@code normalize_coeffs_8bpc},
 * {@code ImagingResampleHorizontal_8bpc}, {@code ImagingResampleVertical_8bpc},
 * {@code ImagingResampleInner}), so that a lossless input gives the same bytes as the NumPy
 * reference. Keep the arithmetic in Pillow's order: reordering a double expression or replacing
 * a multiplication by a reciprocal with a division changes rounding and breaks equality.
 *
 * <p>When shrinking, Pillow's "bilinear" is a triangle filter widened by the scale factor, so it
 * averages every source pixel under it (not 4-pixel interpolation).
 */
public final class PillowBilinearResizerBaseline {

    /** Fixed-point fraction bits: {@code PRECISION_BITS = 32 - 8 - 2}. */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    /** Triangle filter support: {@code BILINEAR = {bilinear_filter, 1.0}}. */
    private static final double BILINEAR_SUPPORT = 1.0;

    private PillowBilinearResizerBaseline() {
    }

    /** {@code image} resized to {@code width} x {@code height}. */
    public static RgbImage resize(RgbImage image, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, was " + width + "x" + height);
        }
        boolean needHorizontal = width != image.width();
        boolean needVertical = height != image.height();
        if (!needHorizontal && !needVertical) {
            return new RgbImage(width, height, image.pixels().clone());
        }
        Coefficients horizontal = Coefficients.compute(image.width(), width);
        Coefficients vertical = Coefficients.compute(image.height(), height);

        RgbImage current = image;
        if (needHorizontal) {
            // Only the source rows the vertical pass reads need a horizontal pass.
            int firstRow = vertical.min[0];
            int lastRow = vertical.min[height - 1] + vertical.count[height - 1];
            if (needVertical) {
                for (int i = 0; i < height; i++) {
                    vertical.min[i] -= firstRow;
                }
            }
            current = resampleHorizontal(image, width, firstRow, lastRow - firstRow, horizontal);
        }
        if (needVertical) {
            current = resampleVertical(current, height, vertical);
        }
        return current;
    }

    private static RgbImage resampleHorizontal(
            RgbImage in, int outWidth, int firstRow, int rows, Coefficients c) {
        byte[] src = in.pixels();
        byte[] dst = new byte[3 * outWidth * rows];
        int inStride = 3 * in.width();
        int d = 0;
        for (int yy = 0; yy < rows; yy++) {
            int rowStart = (yy + firstRow) * inStride;
            for (int xx = 0; xx < outWidth; xx++) {
                int xmin = c.min[xx];
                int xcount = c.count[xx];
                int k = xx * c.ksize;
                int ss0 = 1 << (PRECISION_BITS - 1);
                int ss1 = ss0;
                int ss2 = ss0;
                int s = rowStart + 3 * xmin;
                for (int x = 0; x < xcount; x++, s += 3) {
                    int weight = c.fixedPoint[k + x];
                    ss0 += (src[s] & 0xFF) * weight;
                    ss1 += (src[s + 1] & 0xFF) * weight;
                    ss2 += (src[s + 2] & 0xFF) * weight;
                }
                dst[d++] = clip8(ss0);
                dst[d++] = clip8(ss1);
                dst[d++] = clip8(ss2);
            }
        }
        return new RgbImage(outWidth, rows, dst);
    }

    private static RgbImage resampleVertical(RgbImage in, int outHeight, Coefficients c) {
        byte[] src = in.pixels();
        int stride = 3 * in.width();
        byte[] dst = new byte[stride * outHeight];
        int d = 0;
        for (int yy = 0; yy < outHeight; yy++) {
            int ymin = c.min[yy];
            int ycount = c.count[yy];
            int k = yy * c.ksize;
            for (int i = 0; i < stride; i++) { // each channel of each column on its own
                int ss = 1 << (PRECISION_BITS - 1);
                int s = ymin * stride + i;
                for (int y = 0; y < ycount; y++, s += stride) {
                    ss += (src[s] & 0xFF) * c.fixedPoint[k + y];
                }
                dst[d++] = clip8(ss);
            }
        }
        return new RgbImage(in.width(), outHeight, dst);
    }

    /** {@code clip8}: the 0..255 value of a fixed-point sum, saturating both ways. */
    private static byte clip8(int in) {
        if (in >= (255 << PRECISION_BITS)) {
            return (byte) 255;
        }
        if (in <= 0) {
            return 0;
        }
        return (byte) (in >> PRECISION_BITS);
    }

    private static double bilinearFilter(double x) {
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return 1.0 - x;
        }
        return 0.0;
    }

    /**
     * For each output index: the first source index {@code min}, how many follow {@code count},
     * and {@code ksize} fixed-point weights (unused tail zero).
     */
    private record Coefficients(int ksize, int[] min, int[] count, int[] fixedPoint) {

        /** {@code precompute_coeffs(inSize, 0, inSize, outSize, &BILINEAR, ...)} + normalize. */
        static Coefficients compute(int inSize, int outSize) {
            // Pillow computes (double)(in1 - in0) from float box edges; exact for sizes < 2^24.
            double scale = (double) (float) inSize / outSize;
            double filterscale = scale;
            if (filterscale < 1.0) {
                filterscale = 1.0;
            }
            double support = BILINEAR_SUPPORT * filterscale;
            int ksize = (int) Math.ceil(support) * 2 + 1;

            int[] min = new int[outSize];
            int[] count = new int[outSize];
            double[] kk = new double[outSize * ksize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = 0.0 + (xx + 0.5) * scale;
                double ww = 0.0;
                double ss = 1.0 / filterscale;
                int xmin = (int) (center - support + 0.5);
                if (xmin < 0) {
                    xmin = 0;
                }
                int xmax = (int) (center + support + 0.5);
                if (xmax > inSize) {
                    xmax = inSize;
                }
                xmax -= xmin;
                int k = xx * ksize;
                for (int x = 0; x < xmax; x++) {
                    double w = bilinearFilter((x + xmin - center + 0.5) * ss);
                    kk[k + x] = w;
                    ww += w;
                }
                for (int x = 0; x < xmax; x++) {
                    if (ww != 0.0) {
                        kk[k + x] /= ww;
                    }
                }
                min[xx] = xmin;
                count[xx] = xmax;
            }
            return new Coefficients(ksize, min, count, normalize8bpc(kk));
        }

        /** {@code normalize_coeffs_8bpc}: weights to fixed point, rounded half away from zero. */
        private static int[] normalize8bpc(double[] kk) {
            int[] fixed = new int[kk.length];
            for (int i = 0; i < kk.length; i++) {
                fixed[i] = kk[i] < 0
                        ? (int) (-0.5 + kk[i] * (1 << PRECISION_BITS))
                        : (int) (0.5 + kk[i] * (1 << PRECISION_BITS));
            }
            return fixed;
        }
    }
}
