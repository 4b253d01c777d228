package io.catstream.stream;

import io.catstream.metrics.Psi;
import io.catstream.registry.GateDecision;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks that reject a challenger early from its shadow scores alone, before any truth (docs/gate.md, "Guardrails").
 * Each needs {@code minShadowed} shadow-scored images first, so that a handful of slow or odd images decide nothing.
 * Shadow scores exist only for images the champion labelled, so the champion's failure rate on them is zero by
 * construction: the failure guardrail compares the challenger's rate with {@code maxFailureRate} directly.
 *
 * @param minShadowed        shadow-scored images before any guardrail applies
 * @param maxFailureRate     the challenger failed (dead-letter reason, non-finite probability) on more than this
 *                           share of the images the champion labelled
 * @param maxSlowdown        the challenger's mean forward time above this multiple of the champion's
 * @param maxPsi             the PSI of the challenger's p(cat) against the champion's on the same images above this
 *                           (0.25 is the usual "significant shift")
 */
public record Guardrails(long minShadowed, double maxFailureRate, double maxSlowdown, double maxPsi) {

    /** 200 images; 5 % failures, 3× slower, PSI 0.5 (twice the usual "significant shift": a model that differs wildly). */
    public static final Guardrails DEFAULTS = new Guardrails(200, 0.05, 3.0, 0.5);

    /** Buckets of the p(cat) histograms compared by PSI: ten of width 0.1. */
    public static final int BUCKETS = 10;

    public Guardrails {
        if (minShadowed < 1 || !(maxFailureRate > 0 && maxFailureRate < 1) || !(maxSlowdown > 1) || !(maxPsi > 0)) {
            throw new IllegalArgumentException("invalid guardrails " + minShadowed + ", " + maxFailureRate + ", "
                    + maxSlowdown + ", " + maxPsi + ": at least 1 image, a failure rate in (0, 1), a slowdown above 1 "
                    + "and a PSI above 0");
        }
    }

    /**
     * The guardrail a challenger broke, with its one-line reason and the numbers behind it.
     *
     * @param observed the failure rate, slowdown or PSI that exceeded {@code limit}
     */
    public record Breach(String guardrail, String reason, double observed, double limit) {
        public static final String FAILURES = "failures";
        public static final String LATENCY = "latency";
        public static final String DISTRIBUTION = "distribution";

        /** The breach as the signed decision's evidence carries it, with the tally it was computed from. */
        public GateDecision.Guardrail evidence(Tally tally) {
            double n = Math.max(1, tally.shadowed());
            return new GateDecision.Guardrail(guardrail, observed, limit, tally.shadowed(), tally.failures(),
                    tally.championMicros() / n, tally.challengerMicros() / n);
        }
    }

    /**
     * What the shadow scores of one trial add up to.
     *
     * @param championBuckets   the champion's p(cat) on the images the challenger scored, {@link #BUCKETS} buckets
     * @param challengerBuckets the challenger's p(cat) on the same images
     */
    public record Tally(long shadowed, long failures, long championMicros, long challengerMicros, long[] championBuckets,
                        long[] challengerBuckets) {

        public static Tally empty() {
            return new Tally(0, 0, 0, 0, new long[BUCKETS], new long[BUCKETS]);
        }

        /** This tally and one more shadow score (a new value: the arrays are copied). */
        public Tally plus(ShadowScore s) {
            long[] champion = championBuckets.clone();
            long[] challenger = challengerBuckets.clone();
            boolean failed = s.challengerProbability() == null;
            if (!failed) { // PSI over the images both scored: the same images on both sides
                champion[bucket(s.championProbability())]++;
                challenger[bucket(s.challengerProbability())]++;
            }
            return new Tally(shadowed + 1, failures + (failed ? 1 : 0), championMicros + s.championMicros(),
                    challengerMicros + s.challengerMicros(), champion, challenger);
        }

        public double failureRate() {
            return shadowed == 0 ? Double.NaN : (double) failures / shadowed;
        }

        /** Mean challenger time over mean champion time, on the same images; NaN when the champion took no time. */
        public double slowdown() {
            return championMicros == 0 ? Double.NaN : (double) challengerMicros / championMicros;
        }

        public double psi() {
            return Psi.of(championBuckets, challengerBuckets);
        }

        private static int bucket(double p) {
            return Math.min(BUCKETS - 1, Math.max(0, (int) (p * BUCKETS)));
        }
    }

    /** The first guardrail {@code tally} breaks, if any (failures, then latency, then distribution). */
    public Optional<Breach> check(Tally tally) {
        if (tally.shadowed() < minShadowed) {
            return Optional.empty();
        }
        if (tally.failureRate() > maxFailureRate) {
            return breach(Breach.FAILURES, tally.failureRate(), maxFailureRate, "guardrail failures: the challenger "
                    + "failed on %d of %d shadow-scored images (%.3f > %.3f)", tally.failures(), tally.shadowed(),
                    tally.failureRate(), maxFailureRate);
        }
        if (tally.slowdown() > maxSlowdown) {
            return breach(Breach.LATENCY, tally.slowdown(), maxSlowdown, "guardrail latency: the challenger took %.1fx "
                    + "the champion's time on %d shadow-scored images (mean %.0f µs against %.0f µs; > %.1fx)",
                    tally.slowdown(), tally.shadowed(), (double) tally.challengerMicros() / tally.shadowed(),
                    (double) tally.championMicros() / tally.shadowed(), maxSlowdown);
        }
        double psi = tally.psi();
        if (psi > maxPsi) {
            return breach(Breach.DISTRIBUTION, psi, maxPsi, "guardrail distribution: PSI %.3f of the challenger's p(cat) "
                    + "against the champion's on the same %d images (> %.3f)", psi, tally.shadowed() - tally.failures(), maxPsi);
        }
        return Optional.empty();
    }

    private static Optional<Breach> breach(String guardrail, double observed, double limit, String format, Object... args) {
        return Optional.of(new Breach(guardrail, String.format(Locale.ROOT, format, args), observed, limit));
    }
}
