package io.catstream.stream;

import java.nio.charset.StandardCharsets;

/**
 * Which images the challenger shadow-scores ({@code serve --shadow-fraction F}): those whose image id hashes below
 * {@code F}. The hash is a pure function of the id's UTF-8 bytes (64-bit FNV-1a, then the SplitMix64 finaliser to spread
 * the bits), so the same image is in or out on every instance, after every restart and on a replay; and it is not
 * Kafka's partitioning hash (murmur2), so a fraction does not favour some partitions.
 *
 * @param fraction share of images to shadow-score, 0 (none) to 1 (all, the default)
 */
public record ShadowSelection(double fraction) {

    public static final ShadowSelection ALL = new ShadowSelection(1.0);

    public ShadowSelection {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("invalid value " + fraction + " for the shadow fraction: 0 (no shadow scoring) to 1 (every image)");
        }
    }

    /** Whether the challenger scores image {@code imageId} (an image without an id hashes as the empty id). */
    public boolean selects(String imageId) {
        if (fraction >= 1) {
            return true;
        }
        return position(imageId) < fraction;
    }

    /** Where {@code imageId} falls in [0, 1): the top 53 bits of its hash as a fraction. */
    static double position(String imageId) {
        return (hash(imageId) >>> 11) * 0x1.0p-53;
    }

    static long hash(String imageId) {
        byte[] bytes = (imageId == null ? "" : imageId).getBytes(StandardCharsets.UTF_8);
        long h = 0xcbf29ce484222325L; // FNV-1a 64 offset basis
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L; // FNV prime
        }
        // SplitMix64 finaliser: FNV's high bits depend weakly on the last bytes, and ids often differ only there
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
