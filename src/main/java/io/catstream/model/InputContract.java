package io.catstream.model;

import io.catstream.image.PreprocessingContract;
import io.catstream.image.Standardisation;
import java.util.Arrays;
import java.util.Objects;

/**
 * How an image becomes the network's input vector, stored in the model so the scorer preprocesses exactly
 * as the trainer did: resize to {@code imageSize}² with {@code resizeFilter}, take {@code channels} in
 * {@code layout} order (row, column, channel for "HWC"), flatten, divide by {@code divisor}.
 * <p>
 * {@code mean} and {@code std}, when set, are the model's {@link Standardisation}: {@code (x - mean) / std}
 * applied after the division, per channel (length 3) or per feature (length 3·S²), with the statistics of the
 * training split (model format version 2). Both null for none (the article's models, format version 1). The
 * constructor takes any arrays so that a reader can refuse a bad pair with a reason; {@link ModelValidator}
 * decides whether they are usable.
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

    /** The contract of the image preprocessor that produced the training data, standardisation included. */
    public static InputContract of(PreprocessingContract contract) {
        Standardisation s = contract.standardisation();
        return new InputContract(contract.imageSize(), contract.channelOrder(), contract.layout(), contract.scale(),
                contract.resizeFilter(), s == null ? null : s.mean(), s == null ? null : s.std());
    }

    /** The same contract with {@code standardisation} (null for none). */
    public InputContract withStandardisation(Standardisation standardisation) {
        return new InputContract(imageSize, channels, layout, divisor, resizeFilter,
                standardisation == null ? null : standardisation.mean(), standardisation == null ? null : standardisation.std());
    }

    /**
     * The preprocessing this model expects, standardisation included, for building the scorer's (or the trainer's,
     * or {@code evaluate}'s) {@code ImagePreprocessor}. Fails with {@link IllegalArgumentException} for a contract
     * the image package does not implement.
     */
    public PreprocessingContract toPreprocessing() {
        return new PreprocessingContract(imageSize, channels, layout, divisor, resizeFilter, standardisation());
    }

    /**
     * The standardisation of {@code mean} and {@code std}, or null when neither is set.
     *
     * @throws IllegalArgumentException when only one is set or they are unusable (lengths, NaN, std ≤ 0)
     */
    public Standardisation standardisation() {
        if (!standardises()) {
            return null;
        }
        if (mean == null || std == null) {
            throw new IllegalArgumentException("input." + (mean == null ? "std" : "mean") + " is set without input."
                    + (mean == null ? "mean" : "std") + ": standardisation needs both");
        }
        return new Standardisation(mean, std);
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

    /** Whether standardisation is requested (mean or std set; format version 2). */
    public boolean standardises() {
        return mean != null || std != null;
    }

    /** For people: "standardised per channel", "standardised per feature", or "not standardised". */
    public String describeStandardisation() {
        if (!standardises()) {
            return "not standardised";
        }
        int length = mean != null ? mean.length : std.length;
        return length == featureCount() ? "standardised per feature" : length == channels.length()
                ? "standardised per channel" : "standardised with " + length + " values";
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
                + resizeFilter + (standardises() ? " " + describeStandardisation() : "") + "]";
    }
}
