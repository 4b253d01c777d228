package io.catstream.metrics;

/**
 * The population stability index of an observed distribution against a reference, both as counts in the same
 * buckets: {@code PSI = Σ (a_i − e_i) · ln(a_i / e_i)} over the buckets, with {@code a_i}, {@code e_i} the observed and
 * reference fractions, each at least {@link #FLOOR} so that an empty bucket counts as rare instead of infinite.
 * Below 0.1 is usually read as no shift, 0.1–0.25 as some, above 0.25 as a significant one (the alert's threshold).
 */
public final class Psi {

    /** The smallest fraction a bucket counts with (the usual 1e-4). */
    public static final double FLOOR = 1e-4;

    private Psi() {
    }

    /** NaN when either side has no examples. */
    public static double of(long[] reference, long[] observed) {
        return of(reference, 0, observed, 0, reference.length);
    }

    /** As {@link #of(long[], long[])} on {@code buckets} counts starting at the given offsets. */
    static double of(long[] reference, int referenceOffset, long[] observed, int observedOffset, int buckets) {
        long e = 0;
        long a = 0;
        for (int i = 0; i < buckets; i++) {
            e += reference[referenceOffset + i];
            a += observed[observedOffset + i];
        }
        if (e == 0 || a == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < buckets; i++) {
            double expected = Math.max((double) reference[referenceOffset + i] / e, FLOOR);
            double actual = Math.max((double) observed[observedOffset + i] / a, FLOOR);
            psi += (actual - expected) * Math.log(actual / expected);
        }
        return psi;
    }
}
