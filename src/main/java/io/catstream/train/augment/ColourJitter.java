package io.catstream.train.augment;

import io.catstream.nn.layered.TensorShape;
import java.util.Random;

/**
 * Random brightness and contrast per image, in the standardised space the network trains on (augmentations run
 * after standardisation): draws {@code δ ~ U(−brightness, brightness)} then {@code k ~ U(1 − contrast, 1 + contrast)},
 * and maps every value of channel c to {@code mean_c + k·(z − mean_c) + δ}, where {@code mean_c} is that image's
 * own mean of channel c. No clipping.
 *
 * <p>What that means in pixels: with per-channel standardisation (the cnn recipe), scaling around the image's
 * channel mean in standardised space is exactly the same contrast change on the raw pixels, and δ is a brightness
 * change of δ standard deviations (δ·std_c in [0, 1] pixel units, std_c ≈ 0.25–0.3 for photos). Without
 * standardisation both are exact in pixel units; with per-feature standardisation they are an approximation.
 */
public record ColourJitter(double brightness, double contrast) implements Augmentation {

    public ColourJitter {
        if (!(brightness >= 0 && Double.isFinite(brightness)) || !(contrast >= 0 && contrast < 1)) {
            throw new IllegalArgumentException("jitter needs a brightness ≥ 0 and a contrast in [0, 1), got "
                    + brightness + ", " + contrast);
        }
    }

    @Override
    public void apply(double[] examples, int offset, TensorShape shape, Random random) {
        double delta = brightness * (2 * random.nextDouble() - 1);
        double factor = 1 + contrast * (2 * random.nextDouble() - 1);
        jitter(examples, offset, shape, delta, factor);
    }

    /** {@code z ← mean_c + factor·(z − mean_c) + delta} for every value, {@code mean_c} the image's mean of channel c. */
    static void jitter(double[] examples, int offset, TensorShape shape, double delta, double factor) {
        int c = shape.channels();
        int positions = shape.height() * shape.width();
        double[] mean = new double[c];
        for (int p = 0, i = offset; p < positions; p++) {
            for (int k = 0; k < c; k++, i++) {
                mean[k] += examples[i];
            }
        }
        for (int k = 0; k < c; k++) {
            mean[k] /= positions;
        }
        for (int p = 0, i = offset; p < positions; p++) {
            for (int k = 0; k < c; k++, i++) {
                examples[i] = mean[k] + factor * (examples[i] - mean[k]) + delta;
            }
        }
    }

    @Override
    public String token() {
        return "jitter:" + Augmentations.number(brightness) + "," + Augmentations.number(contrast);
    }
}
