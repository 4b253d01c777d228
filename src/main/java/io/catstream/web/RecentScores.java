package io.catstream.web;

import io.catstream.image.PreprocessingContract;
import io.catstream.stream.Label;
import io.catstream.stream.ScoreListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The last few images this instance scored, newest first, for the live web view: a bounded ring buffer fed by the
 * scorer as its {@link ScoreListener}. Each entry keeps a small RGB thumbnail made from the features the scorer already computed (no second
 * decode); it is PNG-encoded only when the web view asks. Thread-safe; capacity 0 keeps nothing and costs nothing.
 *
 * <p>Sampled, with a token bucket: on average one image per {@code minInterval} is kept (by default
 * {@code 1 s / capacity}, so the page, polling once a second, still sees a full grid of fresh images), in bursts of
 * up to {@code capacity}. Below {@code capacity} images a second every image is kept, as before; faster, the
 * thumbnail work stays at {@code capacity} per second instead of one per image (it was 7 % of the scorer's CPU at
 * max rate).
 */
public final class RecentScores implements ScoreListener {

    /** Images kept by default: a 6 × 4 grid on the page. */
    public static final int DEFAULT_CAPACITY = 24;
    /** Thumbnails are at most this many pixels wide (and high). */
    public static final int THUMBNAIL_SIDE = 64;

    private final RecentScore[] ring;
    private final long minIntervalNanos;
    private final LongSupplier nanoTime;
    private final long burstNanos;
    /** The bucket as a "theoretical arrival time" (GCRA): keeping an image moves it one interval on. */
    private final AtomicLong dueNanos;
    private final AtomicLong added = new AtomicLong();
    private long kept;

    /** Keeps at most {@code capacity} images a second. */
    public RecentScores(int capacity) {
        this(capacity, capacity == 0 ? Duration.ZERO : Duration.ofSeconds(1).dividedBy(capacity), System::nanoTime);
    }

    /** Keeps on average one image per {@code minInterval} (on {@code nanoTime}), in bursts of up to {@code capacity}. */
    public RecentScores(int capacity, Duration minInterval, LongSupplier nanoTime) {
        if (capacity < 0 || capacity > 1000) {
            throw new IllegalArgumentException("invalid value " + capacity + " for the recent images: 0 (off) to 1000");
        }
        this.ring = new RecentScore[capacity];
        this.minIntervalNanos = minInterval.toNanos();
        this.nanoTime = nanoTime;
        this.burstNanos = Math.max(0, capacity - 1) * minIntervalNanos;
        this.dueNanos = new AtomicLong(nanoTime.getAsLong());
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

    /** Keeps a thumbnail of {@code features} (sampled as the class says): the scorer's listener. */
    @Override
    public void scored(Label label, double[] features, PreprocessingContract contract) {
        add(label, features, contract.imageSize(), contract.standardises());
    }

    /** As {@link #add(Label, double[], int)}; {@code standardised} features are not in [0, 1] and are stretched. */
    public void add(Label label, double[] features, int imageSize, boolean standardised) {
        added.incrementAndGet();
        if (ring.length == 0 || !sampled()) {
            return;
        }
        RecentScore entry = new RecentScore(label, standardised
                ? Thumbnail.fromStandardisedFeatures(features, imageSize, THUMBNAIL_SIDE)
                : Thumbnail.fromFeatures(features, imageSize, THUMBNAIL_SIDE));
        synchronized (this) {
            ring[(int) (kept % ring.length)] = entry;
            kept++;
        }
    }

    /** Takes a token if there is one: lock-free, a volatile read when the bucket is empty. */
    private boolean sampled() {
        long now = nanoTime.getAsLong();
        while (true) {
            long due = dueNanos.get();
            long from = Math.max(due, now);
            if (from - now > burstNanos) {
                return false;
            }
            if (dueNanos.compareAndSet(due, from + minIntervalNanos)) {
                return true;
            }
        }
    }

    /** Images scored since start (not only the ones kept). */
    public long added() {
        return added.get();
    }

    /** The kept images, newest first. */
    public synchronized List<RecentScore> newestFirst() {
        int n = (int) Math.min(kept, ring.length);
        List<RecentScore> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(ring[(int) ((kept - i) % ring.length)]);
        }
        return out;
    }
}
