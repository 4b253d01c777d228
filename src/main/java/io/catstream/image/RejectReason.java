package io.catstream.image;

import java.util.Locale;

/**
 * Why an image was refused. {@link #code()} is stable (metrics tag, dead-letter header), so
 * renaming a constant must keep its code.
 */
public enum RejectReason {
    /** Zero bytes. */
    EMPTY,
    /** More bytes than {@link ImageLimits#maxBytes()}. */
    TOO_MANY_BYTES,
    /** A recognised image format we do not decode (WebP, TIFF, HEIC, ...). */
    UNSUPPORTED_FORMAT,
    /** The bytes do not start like any image format we know. */
    NOT_AN_IMAGE,
    /** Width, height or width*height above {@link ImageLimits}. */
    TOO_MANY_PIXELS,
    /** The data ends before the image does. */
    TRUNCATED,
    /** The format is right but the content cannot be decoded. */
    CORRUPT;

    /** Lowercase, hyphenated name, e.g. {@code "too-many-pixels"}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
