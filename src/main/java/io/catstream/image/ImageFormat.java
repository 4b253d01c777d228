package io.catstream.image;

import java.nio.charset.StandardCharsets;

/**
 * The encoded formats we decode, recognised by their magic bytes rather than a file name or
 * content type (both of which come from the sender and can lie).
 */
public enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    GIF("gif"),
    BMP("bmp");

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The format name ImageIO registers its readers under. */
    public String imageIoName() {
        return imageIoName;
    }

    /**
     * The format of {@code bytes}.
     *
     * @throws ImageRejectedException {@link RejectReason#UNSUPPORTED_FORMAT} for an image format we
     *         recognise but do not decode, {@link RejectReason#NOT_AN_IMAGE} for anything else
     */
    public static ImageFormat sniff(byte[] bytes) {
        if (startsWith(bytes, 0, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF)) {
            return JPEG;
        }
        if (startsWith(bytes, 0, PNG_MAGIC)) {
            return PNG;
        }
        if (startsWithAscii(bytes, 0, "GIF87a") || startsWithAscii(bytes, 0, "GIF89a")) {
            return GIF;
        }
        // "BM" alone is too weak (it starts plain text too): also require the BITMAPINFOHEADER
        // family size at offset 14 (12 = OS/2 core, 40.. 124 = Windows v1..v5).
        if (startsWithAscii(bytes, 0, "BM") && bytes.length >= 18) {
            int dibHeaderSize = (bytes[14] & 0xFF) | (bytes[15] & 0xFF) << 8
                    | (bytes[16] & 0xFF) << 16 | (bytes[17] & 0xFF) << 24;
            if (dibHeaderSize == 12 || (dibHeaderSize >= 16 && dibHeaderSize <= 124)) {
                return BMP;
            }
        }
        String unsupported = unsupportedFormatName(bytes);
        if (unsupported != null) {
            throw new ImageRejectedException(RejectReason.UNSUPPORTED_FORMAT,
                    unsupported + " images are not supported (supported: JPEG, PNG, GIF, BMP)");
        }
        throw new ImageRejectedException(RejectReason.NOT_AN_IMAGE, "the " + bytes.length
                + " bytes do not start like a JPEG, PNG, GIF or BMP image (first bytes: "
                + hexPrefix(bytes) + ")");
    }

    /** Formats people send that we refuse on purpose, so the reason says more than "not an image". */
    private static String unsupportedFormatName(byte[] b) {
        if (startsWithAscii(b, 0, "RIFF") && startsWithAscii(b, 8, "WEBP")) {
            return "WebP";
        }
        if (startsWith(b, 0, (byte) 'I', (byte) 'I', (byte) 42, (byte) 0)
                || startsWith(b, 0, (byte) 'M', (byte) 'M', (byte) 0, (byte) 42)) {
            return "TIFF";
        }
        if (startsWithAscii(b, 4, "ftyp")) {
            // ISO base media: heic/heix/mif1 = HEIF, avif = AVIF; anything else is still not ours.
            return startsWithAscii(b, 8, "avif") ? "AVIF" : "HEIF/ISO-BMFF";
        }
        if (startsWith(b, 0, (byte) 0x00, (byte) 0x00, (byte) 0x00, (byte) 0x0C,
                (byte) 'j', (byte) 'P')) {
            return "JPEG 2000";
        }
        if (startsWith(b, 0, (byte) 0xFF, (byte) 0x0A)) {
            return "JPEG XL";
        }
        if (startsWithAscii(b, 0, "8BPS")) {
            return "Photoshop";
        }
        if (startsWith(b, 0, (byte) 0, (byte) 0, (byte) 1, (byte) 0)) {
            return "ICO";
        }
        return null;
    }

    private static boolean startsWithAscii(byte[] bytes, int offset, String ascii) {
        return startsWith(bytes, offset, ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] bytes, int offset, byte... prefix) {
        if (bytes.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hexPrefix(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            hex.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return hex.length() == 0 ? "none" : hex.toString();
    }
}
