package io.catstream.image;

/**
 * The eight EXIF orientations (tag 0x0112): how the stored pixels must be transformed to be shown
 * upright. Cameras store sensor rows and set this tag instead of rotating the pixels.
 *
 * <p>The transforms match Pillow's {@code ImageOps.exif_transpose}. Note that the NumPy reference
 * does not call it; our data sets were already transposed when they were prepared, so this only
 * matters for raw camera JPEGs, where applying it is what a person looking at the photo sees.
 */
public enum Orientation {
    /** 1: stored upright. */
    NORMAL(1),
    /** 2: mirrored left-right. */
    FLIP_HORIZONTAL(2),
    /** 3: upside down. */
    ROTATE_180(3),
    /** 4: mirrored top-bottom. */
    FLIP_VERTICAL(4),
    /** 5: mirrored along the main diagonal (Pillow TRANSPOSE). */
    TRANSPOSE(5),
    /** 6: needs a 90 degree clockwise turn (Pillow ROTATE_270, which turns counter-clockwise). */
    ROTATE_90_CLOCKWISE(6),
    /** 7: mirrored along the anti-diagonal (Pillow TRANSVERSE). */
    TRANSVERSE(7),
    /** 8: needs a 90 degree counter-clockwise turn (Pillow ROTATE_90). */
    ROTATE_90_COUNTER_CLOCKWISE(8);

    private final int exifValue;

    Orientation(int exifValue) {
        this.exifValue = exifValue;
    }

    public int exifValue() {
        return exifValue;
    }

    /** The orientation for an EXIF value 1..8. */
    public static Orientation fromExifValue(int value) {
        for (Orientation orientation : values()) {
            if (orientation.exifValue == value) {
                return orientation;
            }
        }
        throw new IllegalArgumentException("EXIF orientation must be 1..8, was " + value);
    }

    /** True when the transform swaps width and height. */
    public boolean swapsSides() {
        return this == TRANSPOSE || this == ROTATE_90_CLOCKWISE || this == TRANSVERSE
                || this == ROTATE_90_COUNTER_CLOCKWISE;
    }

    /** {@code image} turned upright; {@link #NORMAL} returns it unchanged. */
    public RgbImage apply(RgbImage image) {
        if (this == NORMAL) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        int outWidth = swapsSides() ? h : w;
        int outHeight = swapsSides() ? w : h;
        byte[] src = image.pixels();
        byte[] dst = new byte[src.length];
        int d = 0;
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                int s = 3 * sourceIndex(x, y, w, h);
                dst[d++] = src[s];
                dst[d++] = src[s + 1];
                dst[d++] = src[s + 2];
            }
        }
        return new RgbImage(outWidth, outHeight, dst);
    }

    /** Index (y * w + x) of the source pixel that lands on output pixel (x, y). */
    private int sourceIndex(int x, int y, int w, int h) {
        return switch (this) {
            case NORMAL -> y * w + x;
            case FLIP_HORIZONTAL -> y * w + (w - 1 - x);
            case ROTATE_180 -> (h - 1 - y) * w + (w - 1 - x);
            case FLIP_VERTICAL -> (h - 1 - y) * w + x;
            // Output is h wide and w high from here on: output (x, y) reads source column y.
            case TRANSPOSE -> x * w + y;
            case ROTATE_90_CLOCKWISE -> (h - 1 - x) * w + y;
            case TRANSVERSE -> (h - 1 - x) * w + (w - 1 - y);
            case ROTATE_90_COUNTER_CLOCKWISE -> x * w + (w - 1 - y);
        };
    }
}
