package io.catstream.image;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the orientation tag from a JPEG's APP1 "Exif" segment with bounds checks at every step.
 * Our own ~100 lines instead of a metadata library because EXIF in the wild is often broken and
 * here a broken EXIF block must never reject an image: it only means "no orientation".
 */
final class ExifOrientationReader {

    private static final Logger LOG = LoggerFactory.getLogger(ExifOrientationReader.class);

    private static final int MARKER_SOS = 0xDA;
    private static final int MARKER_EOI = 0xD9;
    private static final int MARKER_APP1 = 0xE1;
    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final byte[] EXIF_HEADER = {'E', 'x', 'i', 'f', 0, 0};

    private ExifOrientationReader() {
    }

    /** The orientation of a JPEG, {@link Orientation#NORMAL} when absent or unreadable. */
    static Orientation read(byte[] jpeg) {
        int pos = 2; // after SOI
        while (pos + 4 <= jpeg.length) {
            if ((jpeg[pos] & 0xFF) != 0xFF) {
                return ignore("no marker at offset " + pos);
            }
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte before a marker
                pos++;
                continue;
            }
            if (marker == MARKER_SOS || marker == MARKER_EOI) {
                return Orientation.NORMAL; // metadata segments all come before the scan
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // no length field
                pos += 2;
                continue;
            }
            int length = u16(jpeg, pos + 2, true);
            if (length < 2 || pos + 2 + length > jpeg.length) {
                return ignore("segment 0x" + Integer.toHexString(marker) + " at offset " + pos
                        + " claims " + length + " bytes");
            }
            int dataStart = pos + 4;
            int dataEnd = pos + 2 + length;
            if (marker == MARKER_APP1 && startsWith(jpeg, dataStart, dataEnd, EXIF_HEADER)) {
                return readTiff(jpeg, dataStart + EXIF_HEADER.length, dataEnd);
            }
            pos = dataEnd;
        }
        return Orientation.NORMAL;
    }

    /** Reads IFD0 of the TIFF structure in {@code b[start, end)}; offsets are relative to start. */
    private static Orientation readTiff(byte[] b, int start, int end) {
        if (end - start < 8) {
            return ignore("Exif block of " + (end - start) + " bytes is too short");
        }
        boolean bigEndian;
        if (b[start] == 'M' && b[start + 1] == 'M') {
            bigEndian = true;
        } else if (b[start] == 'I' && b[start + 1] == 'I') {
            bigEndian = false;
        } else {
            return ignore("Exif byte order mark is neither II nor MM");
        }
        if (u16(b, start + 2, bigEndian) != 42) {
            return ignore("Exif TIFF magic is not 42");
        }
        long ifdOffset = u32(b, start + 4, bigEndian);
        if (ifdOffset < 8 || start + ifdOffset + 2 > end) {
            return ignore("Exif IFD0 offset " + ifdOffset + " is outside the block");
        }
        int ifd = start + (int) ifdOffset;
        int entries = u16(b, ifd, bigEndian);
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + 12 * i;
            if (entry + 12 > end) {
                return ignore("Exif IFD0 entry " + i + " runs past the block");
            }
            if (u16(b, entry, bigEndian) != TAG_ORIENTATION) {
                continue;
            }
            int type = u16(b, entry + 2, bigEndian);
            long count = u32(b, entry + 4, bigEndian);
            int value = u16(b, entry + 8, bigEndian); // a SHORT sits left-aligned in the value field
            if (type != TYPE_SHORT || count != 1 || value < 1 || value > 8) {
                return ignore("Exif orientation has type " + type + ", count " + count
                        + ", value " + value);
            }
            return Orientation.fromExifValue(value);
        }
        return Orientation.NORMAL;
    }

    private static Orientation ignore(String why) {
        LOG.debug("ignoring EXIF orientation: {}", why);
        return Orientation.NORMAL;
    }

    private static boolean startsWith(byte[] b, int start, int end, byte[] prefix) {
        if (end - start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int at, boolean bigEndian) {
        int b0 = b[at] & 0xFF;
        int b1 = b[at + 1] & 0xFF;
        return bigEndian ? b0 << 8 | b1 : b1 << 8 | b0;
    }

    private static long u32(byte[] b, int at, boolean bigEndian) {
        long hi = u16(b, bigEndian ? at : at + 2, bigEndian);
        long lo = u16(b, bigEndian ? at + 2 : at, bigEndian);
        return hi << 16 | lo;
    }
}
