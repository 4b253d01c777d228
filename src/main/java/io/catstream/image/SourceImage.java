package io.catstream.image;

/**
 * What the features of an image no longer tell: the size of the decoded image and of its bytes, for input-drift
 * statistics (issue #17). Filled by {@link ImagePreprocessor#writeFeatures(byte[], double[], int, SourceImage)}.
 * Mutable and reused, one per scoring thread, so that scoring allocates nothing for it; not thread-safe.
 */
public final class SourceImage {

    private int width;
    private int height;
    private int bytes;

    void set(int width, int height, int bytes) {
        this.width = width;
        this.height = height;
        this.bytes = bytes;
    }

    /** Width in pixels of the decoded image, upright (after the EXIF orientation). */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Size of the encoded image. */
    public int bytes() {
        return bytes;
    }
}
