package io.catstream.image;

/**
 * 8-bit RGB pixels, interleaved and row-major: the byte at {@code 3 * (y * width + x) + c} is
 * channel {@code c} (0 = R, 1 = G, 2 = B) of pixel (x, y), unsigned. This is exactly the memory
 * order of {@code np.asarray(pillowRgbImage)}.
 *
 * <p>The array is shared, not copied: these images are large and pass through one thread.
 */
public record RgbImage(int width, int height, byte[] pixels) {

    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive, was " + width + "x" + height);
        }
        if (pixels.length != 3L * width * height) {
            throw new IllegalArgumentException("expected " + 3L * width * height
                    + " bytes for " + width + "x" + height + " RGB, got " + pixels.length);
        }
    }

    public static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new byte[Math.multiplyExact(3, Math.multiplyExact(width, height))]);
    }

    /** Channel {@code c} of pixel (x, y) as 0..255. */
    public int sample(int x, int y, int c) {
        return pixels[3 * (y * width + x) + c] & 0xFF;
    }
}
