package io.catstream.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * A small RGB picture of a scored image, made from the model's input features (so it shows what the model saw),
 * box-averaged down to at most a given side. PNG-encoded lazily, once.
 */
public final class Thumbnail {

    private final int side;
    private final byte[] rgb;
    private volatile String dataUri;

    private Thumbnail(int side, byte[] rgb) {
        this.side = side;
        this.rgb = rgb;
    }

    /**
     * From {@code S × S × 3} features in [0, 1] (HWC, as {@code ImagePreprocessor.writeFeatures} writes them),
     * averaged over {@code f × f} blocks with {@code f = ceil(S / maxSide)}.
     */
    public static Thumbnail fromFeatures(double[] features, int imageSize, int maxSide) {
        double[] sums = blockSums(features, imageSize, maxSide);
        int f = blockOf(imageSize, maxSide);
        double scale = 255.0 / (f * f);
        byte[] rgb = new byte[sums.length];
        for (int i = 0; i < sums.length; i++) {
            rgb[i] = (byte) Math.max(0, Math.min(255, Math.round(sums[i] * scale)));
        }
        return new Thumbnail(sideOf(imageSize, maxSide), rgb);
    }

    /**
     * From standardised features (any range): block sums as {@link #fromFeatures}, then each channel stretched from
     * its minimum to its maximum. A per-channel standardisation is an affine map per channel, so this shows the image
     * up to contrast; a per-feature one shows what the model really saw, which is the point of the thumbnail.
     */
    public static Thumbnail fromStandardisedFeatures(double[] features, int imageSize, int maxSide) {
        double[] means = blockSums(features, imageSize, maxSide);
        byte[] rgb = new byte[means.length];
        for (int c = 0; c < 3; c++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = c; i < means.length; i += 3) {
                min = Math.min(min, means[i]);
                max = Math.max(max, means[i]);
            }
            double scale = max > min ? 255.0 / (max - min) : 0;
            for (int i = c; i < means.length; i += 3) {
                rgb[i] = (byte) Math.max(0, Math.min(255, Math.round((means[i] - min) * scale)));
            }
        }
        return new Thumbnail(sideOf(imageSize, maxSide), rgb);
    }

    private static int blockOf(int imageSize, int maxSide) {
        return Math.max(1, (imageSize + maxSide - 1) / maxSide);
    }

    private static int sideOf(int imageSize, int maxSide) {
        return imageSize / blockOf(imageSize, maxSide);
    }

    /** Sum of each {@code f × f} block and channel, HWC order. */
    private static double[] blockSums(double[] features, int imageSize, int maxSide) {
        if (features.length < 3 * imageSize * imageSize) {
            throw new IllegalArgumentException(features.length + " features cannot hold a " + imageSize + "² RGB image");
        }
        int f = blockOf(imageSize, maxSide);
        int side = imageSize / f;
        double[] sums = new double[3 * side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                for (int c = 0; c < 3; c++) {
                    double sum = 0;
                    for (int dy = 0; dy < f; dy++) {
                        int row = (y * f + dy) * imageSize;
                        for (int dx = 0; dx < f; dx++) {
                            sum += features[3 * (row + x * f + dx) + c];
                        }
                    }
                    sums[3 * (y * side + x) + c] = sum;
                }
            }
        }
        return sums;
    }

    public int side() {
        return side;
    }

    /** {@code data:image/png;base64,...} for an {@code <img src>}. */
    public String dataUri() {
        String uri = dataUri;
        if (uri == null) {
            uri = "data:image/png;base64," + Base64.getEncoder().encodeToString(png());
            dataUri = uri;
        }
        return uri;
    }

    public byte[] png() {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int i = 3 * (y * side + x);
                image.setRGB(x, y, (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
