package io.catstream.image;

/**
 * Upper bounds checked before an image is decoded, so a small file that claims a huge canvas
 * (a decompression bomb) is refused from its header alone.
 *
 * <p>Worst-case memory of one decode is roughly {@code maxPixels * 7} bytes (the decoded
 * {@code BufferedImage} plus our packed RGB copy), about 280 MB at the defaults: size the heap
 * for that times the number of threads that decode at once, or let {@link #fittingHeap} lower the limit.
 *
 * @param maxBytes  largest accepted encoded size in bytes
 * @param maxPixels largest accepted width * height
 * @param maxSide   largest accepted width or height
 */
public record ImageLimits(long maxBytes, long maxPixels, int maxSide) {

    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    public static final int DEFAULT_MAX_SIDE = 20_000;

    public ImageLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        // byte[] cannot hold more than Integer.MAX_VALUE bytes, so a larger limit would lie.
        if (maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes must be below 2 GiB, was " + maxBytes);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
        }
        if (maxSide <= 0) {
            throw new IllegalArgumentException("maxSide must be positive, was " + maxSide);
        }
    }

    /** Bytes one decoded pixel may take at the peak of a decode (see above). */
    public static final int WORST_CASE_BYTES_PER_PIXEL = 7;

    /**
     * These limits with {@code maxPixels} lowered, if needed, so that {@code concurrentDecodes} worst-case decodes
     * fit in half of {@code maxHeapBytes} (the other half is left to models, buffered records and the rest). An
     * image above it is refused from its header, instead of throwing OutOfMemoryError on every retry.
     */
    public ImageLimits fittingHeap(long maxHeapBytes, int concurrentDecodes) {
        long fitting = maxHeapBytes / 2 / ((long) WORST_CASE_BYTES_PER_PIXEL * Math.max(1, concurrentDecodes));
        return fitting < maxPixels ? withMaxPixels(Math.max(1, fitting)) : this;
    }

    public static ImageLimits defaults() {
        return new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_SIDE);
    }

    public ImageLimits withMaxBytes(long newMaxBytes) {
        return new ImageLimits(newMaxBytes, maxPixels, maxSide);
    }

    public ImageLimits withMaxPixels(long newMaxPixels) {
        return new ImageLimits(maxBytes, newMaxPixels, maxSide);
    }

    public ImageLimits withMaxSide(int newMaxSide) {
        return new ImageLimits(maxBytes, maxPixels, newMaxSide);
    }

    /** Refuses {@code byteCount} above {@link #maxBytes()}. */
    void checkBytes(long byteCount) {
        if (byteCount > maxBytes) {
            throw new ImageRejectedException(RejectReason.TOO_MANY_BYTES,
                    "image is " + byteCount + " bytes, above the limit of " + maxBytes
                            + " (set --max-bytes)");
        }
    }

    /** Refuses dimensions above {@link #maxSide()} or {@link #maxPixels()}. */
    void checkDimensions(long width, long height) {
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException(RejectReason.CORRUPT,
                    "image header claims " + width + "x" + height + " pixels");
        }
        if (width > maxSide || height > maxSide) {
            throw new ImageRejectedException(RejectReason.TOO_MANY_PIXELS,
                    "image is " + width + "x" + height + ", a side above the limit of " + maxSide
                            + " (set --max-side)");
        }
        long pixels = width * height;
        if (pixels > maxPixels) {
            throw new ImageRejectedException(RejectReason.TOO_MANY_PIXELS,
                    "image is " + width + "x" + height + " = " + pixels
                            + " pixels, above the limit of " + maxPixels + " (set --max-pixels)");
        }
    }
}
