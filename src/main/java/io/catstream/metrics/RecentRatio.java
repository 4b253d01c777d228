package io.catstream.metrics;

import java.time.Clock;
import java.time.Duration;

/**
 * Two counts over the last {@code window} of wall-clock time, in 60 slots (so the window slides in steps of a
 * sixtieth), and their ratio: the truth coverage of one model version (images labelled / images scored).
 * Thread-safe; cheap enough to call per image.
 */
final class RecentRatio {

    private static final int SLOTS = 60;

    private final Clock clock;
    private final long slotMillis;
    private final long[] numerators = new long[SLOTS];
    private final long[] denominators = new long[SLOTS];
    private final long[] slotOf = new long[SLOTS];

    RecentRatio(Duration window, Clock clock) {
        this.clock = clock;
        this.slotMillis = Math.max(1, window.toMillis() / SLOTS);
    }

    synchronized void addDenominator() {
        denominators[slot()]++;
    }

    synchronized void addNumerator() {
        numerators[slot()]++;
    }

    /** numerator / denominator over the window, NaN when the denominator is 0. */
    synchronized double ratio() {
        long now = clock.millis() / slotMillis;
        long num = 0;
        long den = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (now - slotOf[i] < SLOTS) {
                num += numerators[i];
                den += denominators[i];
            }
        }
        return den == 0 ? Double.NaN : (double) num / den;
    }

    private int slot() {
        long slot = clock.millis() / slotMillis;
        int i = (int) (slot % SLOTS);
        if (slotOf[i] != slot) { // the slot last held a time a window ago or more: reuse it
            slotOf[i] = slot;
            numerators[i] = 0;
            denominators[i] = 0;
        }
        return i;
    }
}
