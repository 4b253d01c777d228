package io.catstream.train.augment;

import io.catstream.nn.layered.TensorShape;
import java.util.Random;

/**
 * A cheap random resized crop: draws a scale {@code s ~ U(1, 1 + maxZoom)}, crops an {@code H/s × W/s} window at a
 * uniformly random place inside the image and resizes it back to {@code H × W} with bilinear interpolation on the
 * (H, W, C) grid, channels apart. The cat fills more of the frame, a little off centre. Interpolation is linear,
 * so zooming after per-channel standardisation is the same as zooming the pixels and then standardising.
 */
public record RandomZoom(double maxZoom) implements Augmentation {

    public RandomZoom {
        if (!(maxZoom > 0 && maxZoom <= 3)) {
            throw new IllegalArgumentException("zoom needs a maximum extra scale in (0, 3], got " + maxZoom);
        }
    }

    @Override
    public void apply(double[] examples, int offset, TensorShape shape, Random random) {
        double scale = 1 + maxZoom * random.nextDouble();
        double top = random.nextDouble() * shape.height() * (1 - 1 / scale);
        double left = random.nextDouble() * shape.width() * (1 - 1 / scale);
        zoom(examples, offset, shape, scale, top, left);
    }

    /**
     * {@code out(y, x) = in(top + (y + ½)/scale − ½, left + (x + ½)/scale − ½)}, bilinear between the four nearest
     * pixel centres, coordinates clamped to the image (so a window edge repeats the edge pixel, never zero).
     * {@code scale = 1} at {@code (0, 0)} is the identity.
     */
    static void zoom(double[] examples, int offset, TensorShape shape, double scale, double top, double left) {
        double[] source = Augmentations.copyOfExample(examples, offset, shape);
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        for (int y = 0; y < h; y++) {
            double sy = Math.max(0, Math.min(h - 1, top + (y + 0.5) / scale - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < w; x++) {
                double sx = Math.max(0, Math.min(w - 1, left + (x + 0.5) / scale - 0.5));
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                int target = offset + (y * w + x) * c;
                for (int k = 0; k < c; k++) {
                    double upper = (1 - fx) * source[(y0 * w + x0) * c + k] + fx * source[(y0 * w + x1) * c + k];
                    double lower = (1 - fx) * source[(y1 * w + x0) * c + k] + fx * source[(y1 * w + x1) * c + k];
                    examples[target + k] = (1 - fy) * upper + fy * lower;
                }
            }
        }
    }

    @Override
    public String token() {
        return "zoom:" + Augmentations.number(maxZoom);
    }
}
