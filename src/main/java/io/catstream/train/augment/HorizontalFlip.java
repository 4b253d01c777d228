package io.catstream.train.augment;

import io.catstream.nn.layered.TensorShape;
import java.util.Random;

/** Mirrors the image left-right with probability {@code probability}: a cat facing left is still a cat. */
public record HorizontalFlip(double probability) implements Augmentation {

    public HorizontalFlip {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + probability);
        }
    }

    @Override
    public void apply(double[] examples, int offset, TensorShape shape, Random random) {
        if (random.nextDouble() >= probability) {
            return;
        }
        int w = shape.width();
        int c = shape.channels();
        for (int y = 0; y < shape.height(); y++) {
            int row = offset + y * w * c;
            for (int x = 0; x < w / 2; x++) {
                int left = row + x * c;
                int right = row + (w - 1 - x) * c;
                for (int k = 0; k < c; k++) {
                    double t = examples[left + k];
                    examples[left + k] = examples[right + k];
                    examples[right + k] = t;
                }
            }
        }
    }

    @Override
    public String token() {
        return "flip";
    }
}
