package io.catstream.image;

/**
 * What a feature vector means: stored in every model file so the scorer prepares images exactly
 * as the trainer did. Mirrors {@code load_images} of {@code numpy_reference.py}:
 * {@code im.convert("RGB").resize((S, S), Image.BILINEAR)}, flattened (H, W, C) row-major, / 255.
 *
 * <p>Only the values below are implemented; other values are accepted by the constructor only if
 * they equal them, so an unknown contract from a future model file fails loudly instead of
 * silently producing different features.
 *
 * @param imageSize    S: images are resized to S x S
 * @param channelOrder channel order within a pixel, {@value #RGB}
 * @param layout       flattening order, {@value #HWC} (row-major height, width, channel)
 * @param scale        divisor applied to each 8-bit value, 255
 * @param resizeFilter resize filter, {@value #PILLOW_BILINEAR} (Pillow's {@code Image.BILINEAR})
 * @param standardisation {@code (x - mean) / std} applied after the division (issue #7), or null for none: part
 *                     of the contract so that whoever builds an {@link ImagePreprocessor} from it, trainer or
 *                     scorer, gets the same features
 */
public record PreprocessingContract(
        int imageSize, String channelOrder, String layout, double scale, String resizeFilter,
        Standardisation standardisation) {

    public static final int DEFAULT_IMAGE_SIZE = 128;
    public static final String RGB = "RGB";
    public static final String HWC = "HWC";
    public static final double SCALE_255 = 255.0;
    public static final String PILLOW_BILINEAR = "pillow-bilinear";
    public static final int CHANNELS = 3;

    /** Above this, 3*S*S overflows an int (and no model of ours is that wide). */
    private static final int MAX_IMAGE_SIZE = 16_384;

    public PreprocessingContract {
        if (imageSize < 1 || imageSize > MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException(
                    "imageSize must be in 1.." + MAX_IMAGE_SIZE + ", was " + imageSize);
        }
        requireSupported("channelOrder", channelOrder, RGB);
        requireSupported("layout", layout, HWC);
        requireSupported("resizeFilter", resizeFilter, PILLOW_BILINEAR);
        if (scale != SCALE_255) {
            throw new IllegalArgumentException("scale must be " + SCALE_255 + ", was " + scale);
        }
        if (standardisation != null && !standardisation.fits(CHANNELS * imageSize * imageSize, CHANNELS)) {
            throw new IllegalArgumentException("standardisation of " + standardisation.mean().length + " values fits "
                    + "neither the " + CHANNELS + " channels nor the " + CHANNELS * imageSize * imageSize
                    + " features of a " + imageSize + "x" + imageSize + " RGB image");
        }
    }

    /** Without standardisation: the article's preprocessing. */
    public PreprocessingContract(int imageSize, String channelOrder, String layout, double scale, String resizeFilter) {
        this(imageSize, channelOrder, layout, scale, resizeFilter, null);
    }

    /** S = 128: the article's 49152 = 3*128*128 inputs. */
    public static PreprocessingContract defaults() {
        return ofImageSize(DEFAULT_IMAGE_SIZE);
    }

    public static PreprocessingContract ofImageSize(int imageSize) {
        return new PreprocessingContract(imageSize, RGB, HWC, SCALE_255, PILLOW_BILINEAR);
    }

    /** The contract whose {@link #featureCount()} is {@code featureCount} (3*S*S). */
    public static PreprocessingContract forFeatureCount(int featureCount) {
        if (featureCount <= 0 || featureCount % CHANNELS != 0) {
            throw new IllegalArgumentException("feature count " + featureCount
                    + " is not 3*S*S for any image size S");
        }
        int pixels = featureCount / CHANNELS;
        int side = (int) Math.round(Math.sqrt(pixels));
        if ((long) side * side != pixels) {
            throw new IllegalArgumentException("feature count " + featureCount
                    + " is not 3*S*S for any image size S (" + pixels + " is not a square)");
        }
        return ofImageSize(side);
    }

    /** The same contract at another size; a per-channel standardisation carries over, a per-feature one cannot. */
    public PreprocessingContract withImageSize(int newImageSize) {
        return new PreprocessingContract(newImageSize, channelOrder, layout, scale, resizeFilter, standardisation);
    }

    /** The same contract with {@code newStandardisation} (null for none) applied after the division. */
    public PreprocessingContract withStandardisation(Standardisation newStandardisation) {
        return new PreprocessingContract(imageSize, channelOrder, layout, scale, resizeFilter, newStandardisation);
    }

    public boolean standardises() {
        return standardisation != null;
    }

    /** 3 * S * S: the length of one feature vector. */
    public int featureCount() {
        return CHANNELS * imageSize * imageSize;
    }

    private static void requireSupported(String field, String value, String supported) {
        if (!supported.equals(value)) {
            throw new IllegalArgumentException(
                    field + " must be \"" + supported + "\", was \"" + value + "\"");
        }
    }
}
