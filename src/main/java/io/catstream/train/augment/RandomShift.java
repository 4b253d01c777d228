package io.catstream.train.augment;

import io.catstream.nn.layered.TensorShape;
import java.util.Arrays;
import java.util.Random;

/**
 * Moves the image by a whole number of pixels, {@code dy, dx} each uniform in {@code [-maxPixels, maxPixels]}:
 * the same as padding by {@code maxPixels} and cropping at a random place. What enters at the border is 0 (the
 * mean, after standardisation) or a copy of the nearest edge pixel.
 */
public record RandomShift(int maxPixels, Padding padding) implements Augmentation {

    /** What fills the pixels the shift uncovers. */
    public enum Padding { ZERO, EDGE }

    public RandomShift {
        if (maxPixels < 1 || padding == null) {
            throw new IllegalArgumentException("a shift needs at least 1 pixel and a padding, got " + maxPixels);
        }
    }

    @Override
    public void apply(double[] examples, int offset, TensorShape shape, Random random) {
        int dy = random.nextInt(2 * maxPixels + 1) - maxPixels;
        int dx = random.nextInt(2 * maxPixels + 1) - maxPixels;
        shift(examples, offset, shape, dy, dx);
    }

    /** {@code out(y, x) = in(y − dy, x − dx)}, padded where that falls outside the image. */
    void shift(double[] examples, int offset, TensorShape shape, int dy, int dx) {
        if (dy == 0 && dx == 0) {
            return;
        }
        double[] source = Augmentations.copyOfExample(examples, offset, shape);
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sy = y - dy;
                int sx = x - dx;
                boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
                int target = offset + (y * w + x) * c;
                if (!inside && padding == Padding.ZERO) {
                    Arrays.fill(examples, target, target + c, 0.0);
                    continue;
                }
                int from = (clamp(sy, h) * w + clamp(sx, w)) * c;
                System.arraycopy(source, from, examples, target, c);
            }
        }
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }

    @Override
    public String token() {
        return "shift:" + maxPixels + (padding == Padding.EDGE ? ":edge" : "");
    }
}
