package io.catstream.stream;

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
        if (features.length < 3 * imageSize * imageSize) {
            throw new IllegalArgumentException(features.length + " features cannot hold a " + imageSize + "² RGB image");
        }
        int f = Math.max(1, (imageSize + maxSide - 1) / maxSide);
        int side = imageSize / f;
        byte[] rgb = new byte[3 * side * side];
        double scale = 255.0 / (f * f);
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
                    rgb[3 * (y * side + x) + c] = (byte) Math.max(0, Math.min(255, Math.round(sum * scale)));
                }
            }
        }
        return new Thumbnail(side, rgb);
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
