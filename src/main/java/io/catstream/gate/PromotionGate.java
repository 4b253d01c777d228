package io.catstream.gate;

import java.time.Duration;
import java.util.Locale;

/**
 * The champion/challenger promotion gate: a sequential probability ratio test on the discordant pairs (McNemar's
 * design). On every labelled image that only one of the two models got right, the challenger either wins or loses;
 * if the models are equally good it wins each with probability ½. The statistic is the log likelihood ratio of
 * "the challenger wins a share p₁ of them" against "½":
 * <pre>
 *   Λ = w·ln(2p₁) + l·ln(2(1 − p₁))        (w challenger wins, l champion wins)
 * </pre>
 * <ul>
 *   <li><b>promote</b> when Λ ≥ ln(1/α). Under equal models exp(Λ) is a non-negative martingale with mean 1, so by
 *       Ville's inequality the chance that it <i>ever</i> reaches 1/α is at most α — whatever the minimum, the limits,
 *       or how often the gate looks. A challenger that is worse makes exp(Λ) a supermartingale: still at most α.
 *       That is the stated false promotion rate, a bound and not an approximation (Wald's ln((1−β)/α) would
 *       exceed α slightly).</li>
 *   <li><b>reject</b> when Λ ≤ ln(β): by the same argument under p₁, a challenger that really wins p₁ is rejected
 *       this way at most β of the time.</li>
 *   <li>nothing before {@code minLabelled} labelled images; at {@code maxLabelled} or after {@code maxDuration}
 *       without a decision the challenger is <b>rejected</b> (the champion stays: the safe side).</li>
 * </ul>
 * Concordant images do not move Λ. Checked against an exact computation and by simulation (A/A and A/B) in the tests;
 * the figures are in docs/gate.md and from {@code catstream gate simulate}.
 */
public final class PromotionGate {

    private final GateSettings settings;
    private final double winStep;
    private final double lossStep;
    private final double promoteAt;
    private final double rejectAt;

    public PromotionGate(GateSettings settings) {
        this.settings = settings;
        this.winStep = Math.log(2 * settings.designWinShare());
        this.lossStep = Math.log(2 * (1 - settings.designWinShare()));
        this.promoteAt = Math.log(1 / settings.falsePromotionRate());
        this.rejectAt = Math.log(settings.missRate());
    }

    public GateSettings settings() {
        return settings;
    }

    /** Λ for these counts. */
    public double logLikelihoodRatio(PairedCounts counts) {
        return counts.challengerOnly() * winStep + counts.championOnly() * lossStep;
    }

    /** The decision alone (no reason text: cheap enough for simulations of millions of images). */
    public GateVerdict.Decision decide(PairedCounts counts, Duration elapsed) {
        long labelled = counts.labelled();
        if (labelled < settings.minLabelled()) {
            return GateVerdict.Decision.CONTINUE;
        }
        double statistic = logLikelihoodRatio(counts);
        if (statistic >= promoteAt) {
            return GateVerdict.Decision.PROMOTE;
        }
        if (statistic <= rejectAt || labelled >= settings.maxLabelled() || elapsed.compareTo(settings.maxDuration()) >= 0) {
            return GateVerdict.Decision.REJECT;
        }
        return GateVerdict.Decision.CONTINUE;
    }

    /** The verdict on {@code counts}, collected over {@code elapsed} since the challenger's trial began. */
    public GateVerdict verdict(PairedCounts counts, Duration elapsed) {
        GateVerdict.Decision decision = decide(counts, elapsed);
        double statistic = logLikelihoodRatio(counts);
        long labelled = counts.labelled();
        String reason;
        if (labelled < settings.minLabelled()) {
            reason = labelled + " of the " + settings.minLabelled() + " labelled images needed before any decision";
        } else if (decision == GateVerdict.Decision.PROMOTE || statistic <= rejectAt) {
            reason = String.format(Locale.ROOT, "challenger %s: it won %d and lost %d of %d discordant images "
                            + "(statistic %.3f %s %.3f)", decision == GateVerdict.Decision.PROMOTE ? "better" : "not better",
                    counts.challengerOnly(), counts.championOnly(), counts.discordant(), statistic,
                    decision == GateVerdict.Decision.PROMOTE ? ">=" : "<=",
                    decision == GateVerdict.Decision.PROMOTE ? promoteAt : rejectAt);
        } else if (decision == GateVerdict.Decision.REJECT) {
            reason = labelled >= settings.maxLabelled()
                    ? "no decision after " + labelled + " labelled images (the most a trial may take): the champion stays"
                    : "no decision after " + elapsed + " (the longest a trial may take): the champion stays";
        } else {
            reason = String.format(Locale.ROOT, "collecting: statistic %.3f between %.3f and %.3f after %d labelled images",
                    statistic, rejectAt, promoteAt, labelled);
        }
        return new GateVerdict(decision, reason, counts, statistic, promoteAt, rejectAt);
    }

}
