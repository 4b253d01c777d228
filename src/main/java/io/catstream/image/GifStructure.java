package io.catstream.image;

/**
 * Walks a GIF's blocks up to the end of its first image, to tell a cut file (TRUNCATED) from a
 * damaged one: the JDK's GIF reader reports both as the same "I/O error reading image!".
 */
final class GifStructure {

    private static final int HEADER_AND_SCREEN = 13;
    private static final int EXTENSION = 0x21;
    private static final int IMAGE_DESCRIPTOR = 0x2C;

    private GifStructure() {
    }

    /**
     * True if the bytes hold the whole first image (its descriptor, colour table and LZW data up
     * to the terminating empty sub-block). Also true when the structure is odd in a way that is
     * not a missing end (an unknown block type, a trailer before any image): that is for the
     * decoder to judge.
     */
    static boolean hasCompleteFirstFrame(byte[] b) {
        if (b.length < HEADER_AND_SCREEN) {
            return false;
        }
        int pos = HEADER_AND_SCREEN + colorTableSize(b[10]);
        while (pos < b.length) {
            int block = b[pos] & 0xFF;
            if (block == EXTENSION) {
                pos = skipSubBlocks(b, pos + 2); // introducer, label
            } else if (block == IMAGE_DESCRIPTOR) {
                if (pos + 10 > b.length) {
                    return false;
                }
                pos += 10 + colorTableSize(b[pos + 9]);
                pos = skipSubBlocks(b, pos + 1); // LZW minimum code size, then the data
                return pos >= 0;
            } else {
                // A trailer before any image, or an unknown block: damaged, not cut short.
                return true;
            }
            if (pos < 0) {
                return false;
            }
        }
        return false;
    }

    /** Colour table bytes announced by a packed-fields byte (flag in bit 7, size in bits 0..2). */
    private static int colorTableSize(byte packed) {
        return (packed & 0x80) == 0 ? 0 : 3 * (1 << ((packed & 0x07) + 1));
    }

    /** Position after the sub-block chain starting at {@code pos}, or -1 if it runs off the end. */
    private static int skipSubBlocks(byte[] b, int pos) {
        while (pos < b.length) {
            int size = b[pos] & 0xFF;
            pos += 1 + size;
            if (size == 0) {
                return pos <= b.length ? pos : -1;
            }
        }
        return -1;
    }
}
