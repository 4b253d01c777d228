package io.catstream.image;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A line-by-line port of Pillow's {@code Image.resize(size, Image.BILINEAR)} for 8-bit RGB
 * ({@code libImaging/Resample.c}: {@code precompute_coeffs}, {@code normalize_coeffs_8bpc},
 * {@code ImagingResampleHorizontal_8bpc}, {@code ImagingResampleVertical_8bpc},
 * {@code ImagingResampleInner}), so that a lossless input gives the same bytes as the NumPy
 * reference. Keep the arithmetic in Pillow's order: reordering a double expression or replacing
 * a multiplication by a reciprocal with a division changes rounding and breaks equality.
 *
 * <p>When shrinking, Pillow's "bilinear" is a triangle filter widened by the scale factor, so it
 * averages every source pixel under it (not 4-pixel interpolation).
 *
 * <p>Speed, same bytes: the fixed-point tables are cached per (source size, target size); the vertical pass runs
 * along rows through {@link ResampleRows} (the Vector API when the module is present, 16 bytes at a time); when
 * Pillow's window is at most five pixels wide (shrinking by up to 2x, the article's photos) the horizontal pass
 * uses five fixed taps in straight-line code. Thread-safe: the cached tables are never written after they are built.
 */
public final class PillowBilinearResizer {

    private static final int PRECISION_BITS = ResampleRows.PRECISION_BITS;
    /** The vertical pass's rows: the Vector API ones when the module is present. */
    private static final ResampleRows ROWS = ResampleRows.fastestAvailable();
    /** Triangle filter support: {@code BILINEAR = {bilinear_filter, 1.0}}. */
    private static final double BILINEAR_SUPPORT = 1.0;
    /** Distinct (inSize, outSize) pairs whose tables are kept (a few kB each): the 1,652 article photos have 159 side lengths. */
    private static final int CACHED_TABLES = 512;
    /** Immutable tables by {@code inSize << 32 | outSize}; cleared whole when full (cheap to recompute). */
    private static final ConcurrentHashMap<Long, Coefficients> TABLES = new ConcurrentHashMap<>();

    private PillowBilinearResizer() {
    }

    /** {@code image} resized to {@code width} x {@code height}. */
    public static RgbImage resize(RgbImage image, int width, int height) {
        return resize(image, width, height, ROWS);
    }

    /** {@link #resize} with the given vertical-pass rows (the tests compare the scalar and vector ones). */
    static RgbImage resize(RgbImage image, int width, int height, ResampleRows rows) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, was " + width + "x" + height);
        }
        boolean needHorizontal = width != image.width();
        boolean needVertical = height != image.height();
        if (!needHorizontal && !needVertical) {
            return new RgbImage(width, height, image.pixels().clone());
        }
        Coefficients horizontal = coefficients(image.width(), width);
        Coefficients vertical = coefficients(image.height(), height);

        RgbImage current = image;
        int firstRow = 0;
        if (needHorizontal) {
            // Only the source rows the vertical pass reads need a horizontal pass.
            firstRow = needVertical ? vertical.min[0] : 0;
            int lastRow = needVertical ? vertical.min[height - 1] + vertical.count[height - 1] : image.height();
            current = horizontal.five != null
                    ? resampleHorizontal5(image, width, firstRow, lastRow - firstRow, horizontal.five)
                    : resampleHorizontal(image, width, firstRow, lastRow - firstRow, horizontal);
        }
        if (needVertical) {
            current = vertical.five != null
                    ? resampleVertical5(current, height, firstRow, vertical.five, rows)
                    : resampleVertical(current, height, firstRow, vertical, rows);
        }
        return current;
    }

    /** The tables for one axis, computed once per (inSize, outSize) and shared read-only between threads. */
    private static Coefficients coefficients(int inSize, int outSize) {
        Long key = (long) inSize << 32 | outSize;
        Coefficients c = TABLES.get(key);
        if (c == null) {
            c = Coefficients.compute(inSize, outSize);
            if (TABLES.size() >= CACHED_TABLES) {
                TABLES.clear();
            }
            TABLES.put(key, c);
        }
        return c;
    }

    /**
     * {@code ImagingResampleHorizontal_8bpc} on rows {@code firstRow .. firstRow + rows}: per output pixel,
     * the three channel sums over its {@code count} source pixels, each from {@code 1 << (PRECISION_BITS - 1)}.
     */
    private static RgbImage resampleHorizontal(
            RgbImage in, int outWidth, int firstRow, int rows, Coefficients c) {
        byte[] src = in.pixels();
        byte[] dst = new byte[3 * outWidth * rows];
        int inStride = 3 * in.width();
        int[] min = c.min;
        int[] count = c.count;
        int[] weights = c.fixedPoint;
        int ksize = c.ksize;
        int d = 0;
        for (int yy = 0; yy < rows; yy++) {
            int rowStart = (yy + firstRow) * inStride;
            for (int xx = 0; xx < outWidth; xx++) {
                int xcount = count[xx];
                int k = xx * ksize;
                int ss0 = 1 << (PRECISION_BITS - 1);
                int ss1 = ss0;
                int ss2 = ss0;
                int s = rowStart + 3 * min[xx];
                for (int x = 0; x < xcount; x++, s += 3) {
                    int weight = weights[k + x];
                    ss0 += (src[s] & 0xFF) * weight;
                    ss1 += (src[s + 1] & 0xFF) * weight;
                    ss2 += (src[s + 2] & 0xFF) * weight;
                }
                dst[d] = ResampleRows.clip8(ss0);
                dst[d + 1] = ResampleRows.clip8(ss1);
                dst[d + 2] = ResampleRows.clip8(ss2);
                d += 3;
            }
        }
        return new RgbImage(outWidth, rows, dst);
    }

    /**
     * {@code ImagingResampleVertical_8bpc}, one output row at a time: each output byte is the weighted sum of the
     * same column over {@code count} source rows, computed along the row by {@code rows} (integer sums do not
     * depend on their order, so the bytes are Pillow's). {@code firstRow} is the source row that row 0 of
     * {@code in} stands for.
     */
    private static RgbImage resampleVertical(
            RgbImage in, int outHeight, int firstRow, Coefficients c, ResampleRows rows) {
        byte[] src = in.pixels();
        int stride = 3 * in.width();
        byte[] dst = new byte[stride * outHeight];
        for (int yy = 0; yy < outHeight; yy++) {
            rows.rows(src, (c.min[yy] - firstRow) * stride, stride, c.count[yy], c.fixedPoint, yy * c.ksize, dst,
                    yy * stride);
        }
        return new RgbImage(in.width(), outHeight, dst);
    }

    /**
     * {@link #resampleHorizontal} with exactly five taps per output pixel ({@link FiveTaps}): no inner loop, so
     * the fifteen multiply-adds of a pixel are straight-line code. Zero-weight taps add nothing: same bytes.
     */
    private static RgbImage resampleHorizontal5(RgbImage in, int outWidth, int firstRow, int rows, FiveTaps t) {
        byte[] src = in.pixels();
        byte[] dst = new byte[3 * outWidth * rows];
        int inStride = 3 * in.width();
        int[] first = t.first;
        int[] w = t.weights;
        int d = 0;
        for (int yy = 0; yy < rows; yy++) {
            int rowStart = (yy + firstRow) * inStride;
            for (int xx = 0; xx < outWidth; xx++) {
                int s = rowStart + 3 * first[xx];
                int k = 5 * xx;
                int w0 = w[k];
                int w1 = w[k + 1];
                int w2 = w[k + 2];
                int w3 = w[k + 3];
                int w4 = w[k + 4];
                for (int ch = 0; ch < 3; ch++, s++) {
                    int ss = (1 << (PRECISION_BITS - 1))
                            + (src[s] & 0xFF) * w0
                            + (src[s + 3] & 0xFF) * w1
                            + (src[s + 6] & 0xFF) * w2
                            + (src[s + 9] & 0xFF) * w3
                            + (src[s + 12] & 0xFF) * w4;
                    dst[d++] = ResampleRows.clip8(ss);
                }
            }
        }
        return new RgbImage(outWidth, rows, dst);
    }

    /** {@link #resampleVertical} with exactly five source rows per output row. */
    private static RgbImage resampleVertical5(
            RgbImage in, int outHeight, int firstRow, FiveTaps t, ResampleRows rows) {
        byte[] src = in.pixels();
        int stride = 3 * in.width();
        byte[] dst = new byte[stride * outHeight];
        for (int yy = 0; yy < outHeight; yy++) {
            rows.rows5(src, (t.first[yy] - firstRow) * stride, stride, t.weights, 5 * yy, dst, yy * stride);
        }
        return new RgbImage(in.width(), outHeight, dst);
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
     * and {@code ksize} fixed-point weights (unused tail zero). Shared through the cache: never modify.
     */
    private record Coefficients(int ksize, int[] min, int[] count, int[] fixedPoint, FiveTaps five) {

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
            int[] fixed = normalize8bpc(kk);
            return new Coefficients(ksize, min, count, fixed, FiveTaps.of(inSize, outSize, ksize, min, count, fixed));
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

    /**
     * The same weights as exactly five taps per output index, for the straight-line passes: tap j of output
     * {@code xx} reads source index {@code first[xx] + j} with weight {@code weights[5·xx + j]}. A window that
     * would run past the end is moved left ({@code first = inSize - 5}) and its weights shifted right; unused taps
     * weigh 0. Exists when Pillow's window is at most 5 wide (scale factors up to 2: a 256-pixel photo to 128)
     * and the source has at least 5 pixels.
     */
    private record FiveTaps(int[] first, int[] weights) {

        static FiveTaps of(int inSize, int outSize, int ksize, int[] min, int[] count, int[] fixed) {
            if (ksize > 5 || inSize < 5) {
                return null;
            }
            int[] first = new int[outSize];
            int[] weights = new int[5 * outSize];
            for (int xx = 0; xx < outSize; xx++) {
                first[xx] = Math.min(min[xx], inSize - 5);
                int shift = min[xx] - first[xx];
                for (int x = 0; x < count[xx]; x++) {
                    weights[5 * xx + shift + x] = fixed[xx * ksize + x];
                }
            }
            return new FiveTaps(first, weights);
        }
    }
}
