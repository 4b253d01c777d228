package io.catstream.metrics;

import io.catstream.model.ModelReference;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What one model version was given and said over the last {@code window}: counts per p(cat) and brightness
 * bucket, cats, uncertain predictions, and sums of confidence, brightness, size. Constant cost per image and no
 * allocation: {@link #SLOTS} time slots of fixed counters in one {@link AtomicLongArray}; an image adds to the
 * current slot, a reader sums the slots still inside the window (at scrape time, not per image). A slot is cleared
 * when time first comes back to it, under a lock taken once per slot period; an image racing that clear may be
 * lost, which a drift statistic can afford.
 */
final class DriftWindow {

    static final int SLOTS = 10;
    static final int BUCKETS = ModelReference.BUCKETS;
    /** Sums of fractions are kept in millionths. */
    static final double MICRO = 1e6;

    static final int PROBABILITY = 0;
    static final int BRIGHTNESS = PROBABILITY + BUCKETS;
    static final int IMAGES = BRIGHTNESS + BUCKETS;
    static final int CATS = IMAGES + 1;
    static final int UNCERTAIN = CATS + 1;
    static final int CONFIDENCE = UNCERTAIN + 1;
    /** Mean brightness of R, G, B, then their spreads: {@code ImageBrightness}'s six values. */
    static final int CHANNEL_STATS = CONFIDENCE + 1;
    static final int WIDTH = CHANNEL_STATS + 6;
    static final int HEIGHT = WIDTH + 1;
    static final int BYTES = HEIGHT + 1;
    static final int FIELDS = BYTES + 1;

    private final long slotMillis;
    private final AtomicLongArray counts = new AtomicLongArray(SLOTS * FIELDS);
    private final AtomicLongArray slotEpoch = new AtomicLongArray(SLOTS);

    DriftWindow(long windowMillis) {
        this.slotMillis = Math.max(1, windowMillis / SLOTS);
        for (int s = 0; s < SLOTS; s++) {
            slotEpoch.set(s, -1);
        }
    }

    /**
     * One scored image.
     *
     * @param channels the six values of {@code ImageBrightness.measure}
     */
    void add(long nowMillis, double probability, double brightness, double[] channels, int width, int height, int bytes) {
        long epoch = nowMillis / slotMillis;
        int slot = (int) (epoch % SLOTS);
        if (slotEpoch.get(slot) != epoch) {
            turn(slot, epoch);
        }
        int base = slot * FIELDS;
        counts.incrementAndGet(base + PROBABILITY + ModelReference.bucketOf(probability));
        counts.incrementAndGet(base + BRIGHTNESS + ModelReference.bucketOf(brightness));
        counts.incrementAndGet(base + IMAGES);
        if (probability > 0.5) { // Classifier.isCat
            counts.incrementAndGet(base + CATS);
        }
        if (ModelReference.isUncertain(probability)) {
            counts.incrementAndGet(base + UNCERTAIN);
        }
        counts.addAndGet(base + CONFIDENCE, Math.round(Math.max(probability, 1 - probability) * MICRO));
        for (int i = 0; i < 6; i++) {
            counts.addAndGet(base + CHANNEL_STATS + i, Math.round(channels[i] * MICRO));
        }
        counts.addAndGet(base + WIDTH, width);
        counts.addAndGet(base + HEIGHT, height);
        counts.addAndGet(base + BYTES, bytes);
    }

    private synchronized void turn(int slot, long epoch) {
        if (slotEpoch.get(slot) >= epoch) {
            return; // another thread turned it
        }
        int base = slot * FIELDS;
        for (int i = 0; i < FIELDS; i++) {
            counts.set(base + i, 0);
        }
        slotEpoch.set(slot, epoch);
    }

    /** The {@link #FIELDS} sums over the slots of the last window (the current, partial slot included). */
    long[] totals(long nowMillis) {
        long current = nowMillis / slotMillis;
        long[] totals = new long[FIELDS];
        for (int s = 0; s < SLOTS; s++) {
            long epoch = slotEpoch.get(s);
            if (epoch > current - SLOTS && epoch <= current) {
                int base = s * FIELDS;
                for (int i = 0; i < FIELDS; i++) {
                    totals[i] += counts.get(base + i);
                }
            }
        }
        return totals;
    }
}
