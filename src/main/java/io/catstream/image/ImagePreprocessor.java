package io.catstream.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encoded image bytes to the feature vector of a {@link PreprocessingContract}: the one path both
 * the trainer and the scorer use, mirroring {@code load_images} of {@code numpy_reference.py}.
 *
 * <p>Steps: byte limit; format from magic bytes; dimensions from the header only, against the
 * {@link ImageLimits} (before any pixel is decoded); first frame decoded; EXIF orientation applied
 * (JPEG); 8-bit RGB as Pillow's {@code convert("RGB")}; Pillow-exact bilinear resize to S x S;
 * flattened (H, W, C) row-major and divided by 255; then, when the contract has one, the
 * {@link Standardisation} {@code (x - mean) / std}, so a standardised model's trainer and scorer get
 * the same doubles from the same bytes.
 *
 * <p>Bad bytes end in an {@link ImageRejectedException} with a {@link RejectReason}, never in any
 * other runtime exception. Thread-safe: it holds only immutable configuration and each call uses
 * its own ImageIO reader.
 */
public final class ImagePreprocessor {

    private static final Logger LOG = LoggerFactory.getLogger(ImagePreprocessor.class);
    /** {@code UNIT[v] = v / 255.0}: the same doubles as dividing, by a lookup instead of a division per feature. */
    private static final double[] UNIT = new double[256];

    static {
        for (int v = 0; v < UNIT.length; v++) {
            UNIT[v] = v / PreprocessingContract.SCALE_255;
        }
    }

    private final PreprocessingContract contract;
    private final ImageLimits limits;

    public ImagePreprocessor(PreprocessingContract contract, ImageLimits limits) {
        this.contract = Objects.requireNonNull(contract, "contract");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** 128 x 128 RGB with the default limits. */
    public static ImagePreprocessor withDefaults() {
        return new ImagePreprocessor(PreprocessingContract.defaults(), ImageLimits.defaults());
    }

    public PreprocessingContract contract() {
        return contract;
    }

    public ImageLimits limits() {
        return limits;
    }

    /**
     * The {@link PreprocessingContract#featureCount()} features of an encoded image: in [0, 1], or standardised
     * when the contract says so.
     */
    public double[] toFeatures(byte[] imageBytes) {
        double[] features = new double[contract.featureCount()];
        writeFeatures(imageBytes, features, 0, 1);
        return features;
    }

    /**
     * The features of an image file; the file's size is checked against the byte limit before it
     * is read.
     *
     * @throws IOException if the file cannot be read (a problem of the file system, not of the image)
     */
    public double[] toFeatures(Path imageFile) throws IOException {
        return toFeatures(readLimited(imageFile));
    }

    /** Writes the features into {@code dst[offset .. offset + featureCount)}, without a copy. */
    public void writeFeatures(byte[] imageBytes, double[] dst, int offset) {
        writeFeatures(imageBytes, dst, offset, 1);
    }

    /**
     * Writes feature {@code i} into {@code dst[offset + i * stride]}: with {@code stride = m} and
     * {@code offset = j} this fills column j of a row-major (featureCount, m) matrix, the layout
     * of X in the reference (one example per column).
     */
    public void writeFeatures(byte[] imageBytes, double[] dst, int offset, int stride) {
        writeFeatures(imageBytes, dst, offset, stride, null);
    }

    /**
     * As {@link #writeFeatures(byte[], double[], int)}, also telling {@code source} the decoded image's size and
     * byte count (the scorer's input-drift statistics), without a second decode.
     */
    public void writeFeatures(byte[] imageBytes, double[] dst, int offset, SourceImage source) {
        writeFeatures(imageBytes, dst, offset, 1, source);
    }

    private void writeFeatures(byte[] imageBytes, double[] dst, int offset, int stride, SourceImage source) {
        int count = contract.featureCount();
        if (stride < 1 || offset < 0 || offset + (long) (count - 1) * stride >= dst.length) {
            throw new IllegalArgumentException("dst of length " + dst.length + " cannot take "
                    + count + " features at offset " + offset + " with stride " + stride);
        }
        RgbImage upright = toUprightRgb(imageBytes);
        if (source != null) {
            source.set(upright.width(), upright.height(), imageBytes.length);
        }
        byte[] rgb = PillowBilinearResizer.resize(upright, contract.imageSize(), contract.imageSize()).pixels();
        Standardisation standardisation = contract.standardisation();
        if (standardisation == null) {
            scale(rgb, count, dst, offset, stride);
        } else if (stride == 1) {
            scale(rgb, count, dst, offset, 1);
            standardisation.apply(dst, offset, count);
        } else {
            // Standardisation works on contiguous features: standardise a row, then scatter it (tests and
            // export only; the scorer and the trainer write rows).
            double[] row = new double[count];
            scale(rgb, count, row, 0, 1);
            standardisation.apply(row, 0, count);
            for (int i = 0, d = offset; i < count; i++, d += stride) {
                dst[d] = row[i];
            }
        }
    }

    /** {@code dst[offset + i * stride] = rgb[i] / 255.0} for {@code i < count}. */
    static void scale(byte[] rgb, int count, double[] dst, int offset, int stride) {
        // Same as np.asarray(im).reshape(-1) / 255.0: (H, W, C) order is the byte order already.
        if (stride == 1) {
            for (int i = 0; i < count; i++) {
                dst[offset + i] = UNIT[rgb[i] & 0xFF];
            }
        } else {
            for (int i = 0, d = offset; i < count; i++, d += stride) {
                dst[d] = UNIT[rgb[i] & 0xFF];
            }
        }
    }

    /** The S x S RGB image the features are made of (before the division by 255). */
    public RgbImage toResizedRgb(byte[] imageBytes) {
        RgbImage upright = toUprightRgb(imageBytes);
        int size = contract.imageSize();
        return PillowBilinearResizer.resize(upright, size, size);
    }

    /** The decoded first frame, turned upright and converted to 8-bit RGB, at its own size. */
    public RgbImage toUprightRgb(byte[] imageBytes) {
        Objects.requireNonNull(imageBytes, "imageBytes");
        try {
            if (imageBytes.length == 0) {
                throw new ImageRejectedException(RejectReason.EMPTY, "image has 0 bytes");
            }
            limits.checkBytes(imageBytes.length);
            ImageFormat format = ImageFormat.sniff(imageBytes);
            BufferedImage decoded = ImageDecoder.decodeFirstFrame(imageBytes, format, limits);
            RgbImage rgb = convertToRgb(decoded, format);
            return format == ImageFormat.JPEG
                    ? ExifOrientationReader.read(imageBytes).apply(rgb)
                    : rgb;
        } catch (ImageRejectedException e) {
            LOG.debug("rejected image ({}): {}", e.reason().code(), e.getMessage());
            throw e;
        }
    }

    private static RgbImage convertToRgb(BufferedImage decoded, ImageFormat format) {
        try {
            return RgbConverter.toRgb(decoded);
        } catch (RuntimeException e) {
            // A colour model no converter handles comes from the bytes (say an ICC profile Java
            // rejects), so it is a rejection; warn because it may also be a gap in RgbConverter.
            LOG.warn("cannot convert decoded {} ({}) to RGB", format, decoded, e);
            throw new ImageRejectedException(RejectReason.CORRUPT,
                    format + " decoded to pixels that cannot be converted to RGB: " + e, e);
        }
    }

    /** Reads a file, refusing it from its size before reading and again while reading (it may grow). */
    public byte[] readLimited(Path imageFile) throws IOException {
        limits.checkBytes(Files.size(imageFile));
        try (InputStream in = Files.newInputStream(imageFile)) {
            byte[] bytes = in.readNBytes((int) limits.maxBytes() + 1);
            limits.checkBytes(bytes.length);
            return bytes;
        }
    }
}
