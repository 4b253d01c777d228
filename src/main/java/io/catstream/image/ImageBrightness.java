package io.catstream.image;

/**
 * The brightness of one preprocessed image, per channel: the mean and the spread (standard deviation) of its
 * pixel values in [0, 1], measured on a fixed grid of at most about {@value #MAX_SAMPLES} pixels so the cost per
 * image is constant whatever the image size. Works on the features (undoing the contract's standardisation, if
 * any) so that the trainer, which keeps only features, and the scorer measure exactly the same thing (issue #17).
 * Immutable and thread-safe; build one per contract, not per image.
 */
public final class ImageBrightness {

    /** Pixels sampled per image, at most twice this. */
    public static final int MAX_SAMPLES = 1024;
    /** Values {@link #measure} writes: mean of R, G, B, then spread of R, G, B. */
    public static final int VALUES = 6;

    private static final int CHANNELS = PreprocessingContract.CHANNELS;

    private final int featureCount;
    private final int step;
    /** Per-feature or per-channel statistics of the standardisation, null without one. */
    private final double[] mean;
    private final double[] std;

    public ImageBrightness(PreprocessingContract contract) {
        this.featureCount = contract.featureCount();
        int pixels = featureCount / CHANNELS;
        this.step = Math.max(1, pixels / MAX_SAMPLES);
        Standardisation s = contract.standardisation();
        this.mean = s == null ? null : s.mean();
        this.std = s == null ? null : s.std();
    }

    /**
     * Writes the {@value #VALUES} brightness values of the features {@code features[offset .. offset + featureCount)}
     * into {@code out} and returns the image's brightness: the mean of its three channel means.
     */
    public double measure(double[] features, int offset, double[] out) {
        double s0 = 0, s1 = 0, s2 = 0, q0 = 0, q1 = 0, q2 = 0;
        int n = 0;
        for (int f = 0; f + CHANNELS <= featureCount; f += step * CHANNELS, n++) {
            double r = value(features, offset, f);
            double g = value(features, offset, f + 1);
            double b = value(features, offset, f + 2);
            s0 += r;
            s1 += g;
            s2 += b;
            q0 += r * r;
            q1 += g * g;
            q2 += b * b;
        }
        out[0] = s0 / n;
        out[1] = s1 / n;
        out[2] = s2 / n;
        out[3] = spread(q0 / n, out[0]);
        out[4] = spread(q1 / n, out[1]);
        out[5] = spread(q2 / n, out[2]);
        return (out[0] + out[1] + out[2]) / CHANNELS;
    }

    /** Feature f in [0, 1]: {@code x = x' * std + mean} when standardised. */
    private double value(double[] features, int offset, int f) {
        double x = features[offset + f];
        if (mean == null) {
            return x;
        }
        int i = mean.length == featureCount ? f : f % CHANNELS;
        return x * std[i] + mean[i];
    }

    private static double spread(double meanOfSquares, double mean) {
        return Math.sqrt(Math.max(0, meanOfSquares - mean * mean));
    }
}
