package io.catstream.gate;

/**
 * What the gate says about a challenger now, with the evidence a person needs to check it.
 *
 * @param decision           promote, reject, or keep collecting
 * @param reason             one line: why
 * @param counts             the paired outcomes so far
 * @param logLikelihoodRatio the statistic: ln of how much likelier the discordant outcomes are if the challenger
 *                           wins {@code designWinShare} of them than if it wins half
 * @param promoteAt          the statistic's upper threshold, ln(1/α)
 * @param rejectAt           the statistic's lower threshold, ln(β)
 */
public record GateVerdict(Decision decision, String reason, PairedCounts counts, double logLikelihoodRatio,
                          double promoteAt, double rejectAt) {

    public enum Decision {
        PROMOTE, REJECT, CONTINUE;

        public boolean isFinal() {
            return this != CONTINUE;
        }
    }
}
