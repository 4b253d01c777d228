package io.catstream.image;

/**
 * Walks a JPEG's marker segments (and over entropy-coded scan data) to see whether the file
 * reaches its EOI marker. Needed because the JPEG decoder does not fail on a cut file: libjpeg
 * inserts a fake EOI, warns and fills the rest of the image with grey.
 */
final class JpegStructure {

    private static final int EOI = 0xD9;
    private static final int SOI = 0xD8;

    private JpegStructure() {
    }

    /**
     * True if an EOI marker follows the last segment. Segment lengths are followed, so an EOI
     * inside an embedded EXIF thumbnail does not count; bytes that are not a marker where one is
     * expected are skipped, as libjpeg skips them.
     */
    static boolean hasEndOfImage(byte[] b) {
        int pos = 2; // after SOI
        while (true) {
            pos = nextMarker(b, pos);
            if (pos < 0) {
                return false;
            }
            int marker = b[pos + 1] & 0xFF;
            if (marker == EOI) {
                return true;
            }
            if (marker == SOI || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2; // markers without a length field (RSTn appear inside scans)
                continue;
            }
            if (pos + 4 > b.length) {
                return false;
            }
            int length = (b[pos + 2] & 0xFF) << 8 | (b[pos + 3] & 0xFF);
            // For SOS this skips the scan header; the scan's data is then crossed by nextMarker,
            // since inside it 0xFF is always followed by 0x00 (stuffing) or RSTn.
            pos += 2 + Math.max(length, 2);
        }
    }

    /** Index of the next 0xFF that starts a marker (not stuffing 0xFF00, not fill 0xFFFF), or -1. */
    private static int nextMarker(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF) {
                int next = b[i + 1] & 0xFF;
                if (next != 0x00 && next != 0xFF) {
                    return i;
                }
            }
        }
        return -1;
    }
}
