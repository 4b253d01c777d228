package io.catstream.gate;

import java.time.Duration;
import java.util.Objects;

/**
 * How the promotion gate decides (docs/gate.md).
 *
 * @param falsePromotionRate α: the most often a challenger no better than the champion may be promoted
 *                           (guaranteed, not approximate: see {@link PromotionGate})
 * @param missRate           β: the most often a challenger exactly as much better as {@code designWinShare}
 *                           may be rejected by the evidence (before the limits end the trial)
 * @param designWinShare     p₁: the share of the discordant images the challenger wins that the test is designed to
 *                           detect (0.5 = equal; the default 0.55: right on 11 of every 20 images where exactly one
 *                           model is right, which a challenger 5 points better than a 75 % champion exceeds even
 *                           when their errors are independent: 0.571)
 * @param minLabelled        no decision before this many labelled images (early noise, and a floor for guardrails)
 * @param maxLabelled        at this many labelled images without a decision the challenger is rejected
 * @param maxDuration        after this long without a decision the challenger is rejected
 */
public record GateSettings(double falsePromotionRate, double missRate, double designWinShare, long minLabelled,
                           long maxLabelled, Duration maxDuration) {

    /**
     * α 5 %, β 20 %, p₁ 0.55, 200 to 20,000 labelled images, 7 days. Simulated (docs/gate.md, 4,000 trials each):
     * equal 75 % models are promoted 4.2-4.4 % of the time; a challenger 5 points better is promoted 95.6 % of the
     * time, 80 % of the time within 1,306 labelled images (independent errors) or 967 (errors half alike).
     */
    public static final GateSettings DEFAULTS = new GateSettings(0.05, 0.20, 0.55, 200, 20_000, Duration.ofDays(7));

    public GateSettings {
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (!(falsePromotionRate > 0 && falsePromotionRate < 0.5)) {
            throw new IllegalArgumentException("invalid value " + falsePromotionRate
                    + " for the false promotion rate: between 0 and 0.5, e.g. 0.05");
        }
        if (!(missRate > 0 && missRate < 0.5)) {
            throw new IllegalArgumentException("invalid value " + missRate + " for the miss rate: between 0 and 0.5, e.g. 0.2");
        }
        if (!(designWinShare > 0.5 && designWinShare < 1)) {
            throw new IllegalArgumentException("invalid value " + designWinShare
                    + " for the design win share: above 0.5 (equal models) and below 1, e.g. 0.6");
        }
        if (minLabelled < 0 || maxLabelled <= minLabelled) {
            throw new IllegalArgumentException("invalid values " + minLabelled + ", " + maxLabelled
                    + " for the minimum and maximum labelled images: 0 <= minimum < maximum");
        }
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("invalid value " + maxDuration + " for the longest trial: must be positive");
        }
    }

    public GateSettings withDesignWinShare(double share) {
        return new GateSettings(falsePromotionRate, missRate, share, minLabelled, maxLabelled, maxDuration);
    }

    public GateSettings withLabelledRange(long min, long max) {
        return new GateSettings(falsePromotionRate, missRate, designWinShare, min, max, maxDuration);
    }
}
