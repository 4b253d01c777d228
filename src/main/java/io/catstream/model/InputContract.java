package io.catstream.model;

import io.catstream.image.PreprocessingContract;
import java.util.Arrays;
import java.util.Objects;

/**
 * How an image becomes the network's input vector, stored in the model so the scorer preprocesses exactly
 * as the trainer did: resize to {@code imageSize}² with {@code resizeFilter}, take {@code channels} in
 * {@code layout} order (row, column, channel for "HWC"), flatten, divide by {@code divisor}.
 * <p>
 * {@code mean} and {@code std} (per-feature standardisation, length {@code dims[0]}, applied after the
 * division as {@code (x - mean) / std}) are reserved for a later version: the format carries them, but
 * {@link ModelValidator} refuses a model that sets them, because this version cannot apply them.
 * Both may be null.
 */
public record InputContract(int imageSize, String channels, String layout, double divisor, String resizeFilter,
                            double[] mean, double[] std) {

    public static final String RGB = PreprocessingContract.RGB;
    public static final String HWC = PreprocessingContract.HWC;
    public static final double BYTE_DIVISOR = PreprocessingContract.SCALE_255;
    public static final String PILLOW_BILINEAR = PreprocessingContract.PILLOW_BILINEAR;

    public InputContract {
        if (imageSize <= 0) {
            throw new IllegalArgumentException("imageSize must be positive, got " + imageSize);
        }
        requireText(channels, "channels");
        requireText(layout, "layout");
        requireText(resizeFilter, "resizeFilter");
        if (!Double.isFinite(divisor) || divisor <= 0) {
            throw new IllegalArgumentException("divisor must be a positive finite number such as 255.0, got " + divisor);
        }
        mean = mean == null ? null : mean.clone();
        std = std == null ? null : std.clone();
    }

    /** The article's contract: S×S RGB, HWC order, divided by 255, Pillow's bilinear resize, no standardisation. */
    public static InputContract rgb(int imageSize) {
        return new InputContract(imageSize, RGB, HWC, BYTE_DIVISOR, PILLOW_BILINEAR, null, null);
    }

    /** The contract of the image preprocessor that produced the training data. */
    public static InputContract of(PreprocessingContract contract) {
        return new InputContract(contract.imageSize(), contract.channelOrder(), contract.layout(), contract.scale(),
                contract.resizeFilter(), null, null);
    }

    /**
     * The preprocessing this model expects, for building the scorer's {@code ImagePreprocessor}. Fails with
     * {@link IllegalArgumentException} for a contract the image package does not implement.
     */
    public PreprocessingContract toPreprocessing() {
        if (standardises()) {
            throw new IllegalArgumentException("per-feature standardisation is not supported by this version");
        }
        return new PreprocessingContract(imageSize, channels, layout, divisor, resizeFilter);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-empty string, got " + (value == null ? "null" : "'" + value + "'"));
        }
    }

    /** Length of the input vector this contract produces: channels × imageSize² (as a long: no overflow). */
    public long featureCount() {
        return (long) channels.length() * imageSize * imageSize;
    }

    /** Whether per-feature standardisation is requested (not supported in format version 1). */
    public boolean standardises() {
        return mean != null || std != null;
    }

    @Override
    public double[] mean() {
        return mean == null ? null : mean.clone();
    }

    @Override
    public double[] std() {
        return std == null ? null : std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputContract other
                && imageSize == other.imageSize
                && channels.equals(other.channels)
                && layout.equals(other.layout)
                && Double.compare(divisor, other.divisor) == 0
                && resizeFilter.equals(other.resizeFilter)
                && Arrays.equals(mean, other.mean)
                && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(imageSize, channels, layout, divisor, resizeFilter, Arrays.hashCode(mean), Arrays.hashCode(std));
    }

    @Override
    public String toString() {
        return "InputContract[" + imageSize + "x" + imageSize + " " + channels + " " + layout + " /" + divisor + " "
                + resizeFilter + (standardises() ? " standardised" : "") + "]";
    }
}
