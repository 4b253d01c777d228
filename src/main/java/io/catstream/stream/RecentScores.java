package io.catstream.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * The last few images this instance scored, newest first, for the live web view: a bounded ring buffer fed by the
 * {@link Scorer}. Each entry keeps a small RGB thumbnail made from the features the scorer already computed (no second
 * decode); it is PNG-encoded only when the web view asks. Thread-safe; capacity 0 keeps nothing and costs nothing.
 */
public final class RecentScores {

    /** Images kept by default: a 6 × 4 grid on the page. */
    public static final int DEFAULT_CAPACITY = 24;
    /** Thumbnails are at most this many pixels wide (and high). */
    public static final int THUMBNAIL_SIDE = 64;

    private final RecentScore[] ring;
    private long added;

    public RecentScores(int capacity) {
        if (capacity < 0 || capacity > 1000) {
            throw new IllegalArgumentException("invalid value " + capacity + " for the recent images: 0 (off) to 1000");
        }
        this.ring = new RecentScore[capacity];
    }

    public int capacity() {
        return ring.length;
    }

    /**
     * Keeps {@code label} with a thumbnail of {@code features} (the S × S × 3 values in [0, 1] of the preprocessing,
     * HWC order).
     */
    public void add(Label label, double[] features, int imageSize) {
        add(label, features, imageSize, false);
    }

    /** As {@link #add(Label, double[], int)}; {@code standardised} features are not in [0, 1] and are stretched. */
    public void add(Label label, double[] features, int imageSize, boolean standardised) {
        if (ring.length == 0) {
            return;
        }
        RecentScore entry = new RecentScore(label, standardised
                ? Thumbnail.fromStandardisedFeatures(features, imageSize, THUMBNAIL_SIDE)
                : Thumbnail.fromFeatures(features, imageSize, THUMBNAIL_SIDE));
        synchronized (this) {
            ring[(int) (added % ring.length)] = entry;
            added++;
        }
    }

    /** Images scored since start (not only the ones kept). */
    public synchronized long added() {
        return added;
    }

    /** The kept images, newest first. */
    public synchronized List<RecentScore> newestFirst() {
        int n = (int) Math.min(added, ring.length);
        List<RecentScore> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(ring[(int) ((added - i) % ring.length)]);
        }
        return out;
    }
}
