package io.catstream.nn.layered;

import java.util.Arrays;

/**
 * The 3×3, stride 1, zero-padding 1 convolution as a matrix product: {@link #expand} lays out one example's
 * receptive fields as rows ({@code H·W × 9·C}, each row in (kernel row, kernel column, channel) order, the order
 * of a convolution's weight rows in {@link ParamSpec}), so that {@code Z = cols·Wᵀ} is {@code H·W × filters}, the
 * output already in (H, W, C) order. {@link #fold} is its adjoint, which carries gradients back to the input.
 */
final class Im2col {

    private static final int K = LayerSpec.Conv.KERNEL;

    private Im2col() {
    }

    /** {@code cols[y·W + x][(ky·3 + kx)·C + c] = in[y+ky-1][x+kx-1][c]}, 0 outside the image. */
    static void expand(double[] in, TensorShape shape, double[] cols) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        int row = K * K * c;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = (y * w + x) * row;
                for (int ky = 0; ky < K; ky++) {
                    int iy = y + ky - 1;
                    for (int kx = 0; kx < K; kx++) {
                        int ix = x + kx - 1;
                        int dst = base + (ky * K + kx) * c;
                        if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                            Arrays.fill(cols, dst, dst + c, 0.0);
                        } else {
                            System.arraycopy(in, (iy * w + ix) * c, cols, dst, c);
                        }
                    }
                }
            }
        }
    }

    /** {@code dIn = expandᵀ(dCols)}: each input value receives the sum of the entries it was copied to. */
    static void fold(double[] dCols, TensorShape shape, double[] dIn) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        int row = K * K * c;
        Arrays.fill(dIn, 0, h * w * c, 0.0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = (y * w + x) * row;
                for (int ky = 0; ky < K; ky++) {
                    int iy = y + ky - 1;
                    if (iy < 0 || iy >= h) {
                        continue;
                    }
                    for (int kx = 0; kx < K; kx++) {
                        int ix = x + kx - 1;
                        if (ix < 0 || ix >= w) {
                            continue;
                        }
                        int src = base + (ky * K + kx) * c;
                        int dst = (iy * w + ix) * c;
                        for (int ch = 0; ch < c; ch++) {
                            dIn[dst + ch] += dCols[src + ch];
                        }
                    }
                }
            }
        }
    }
}
