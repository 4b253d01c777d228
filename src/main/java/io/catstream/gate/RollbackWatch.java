package io.catstream.gate;

import java.util.Locale;

/**
 * Watches a newly promoted champion against the accuracy its predecessor had on the truth stream before the switch,
 * and says when to roll back. The same test family as the {@link PromotionGate}: a sequential likelihood ratio test,
 * here on the new champion's right/wrong outcomes, of
 * <pre>
 *   H0: accuracy = reference − margin            (no worse than the old champion, within the tolerated margin)
 *   H1: accuracy = reference − margin − drop     (a drop worth acting on)
 *   Λ = r·ln(p₁/p₀) + w·ln((1 − p₁)/(1 − p₀))    (r right, w wrong; p₀, p₁ the accuracies of H0 and H1)
 * </pre>
 * Roll back when Λ ≥ ln(1/α): a champion at least as good as H0 is rolled back at most α of the time (Ville's
 * inequality, as in the gate). Stop watching when Λ ≤ ln(β) or after {@code maxLabelled} images: the new
 * champion has shown it holds. The reference is taken as exact; it should rest on many more images than the watch
 * needs (the gate's trial gives thousands).
 */
public final class RollbackWatch {

    /**
     * @param reference         the old champion's accuracy on the truth stream before the switch
     * @param margin            the drop tolerated without acting (non-inferiority margin), e.g. 0.02
     * @param drop              the further drop the test is designed to detect, e.g. 0.05
     * @param falseRollbackRate α
     * @param missRate          β
     * @param maxLabelled       labelled images after which the watch ends
     */
    public record Settings(double reference, double margin, double drop, double falseRollbackRate, double missRate,
                           long maxLabelled) {

        public Settings {
            if (!(reference > 0 && reference <= 1)) {
                throw new IllegalArgumentException("invalid value " + reference + " for the reference accuracy: (0, 1]");
            }
            if (!(margin >= 0 && drop > 0 && reference - margin - drop > 0)) {
                throw new IllegalArgumentException("invalid margin " + margin + " and drop " + drop
                        + ": both >= 0, drop > 0, and reference - margin - drop must stay above 0");
            }
            if (!(falseRollbackRate > 0 && falseRollbackRate < 0.5 && missRate > 0 && missRate < 0.5)) {
                throw new IllegalArgumentException("invalid rates " + falseRollbackRate + ", " + missRate + ": each in (0, 0.5)");
            }
            if (maxLabelled < 1) {
                throw new IllegalArgumentException("invalid value " + maxLabelled + " for the longest watch: at least 1");
            }
        }

        /** Watch against {@code reference} with a 2-point margin, a 5-point drop, α 5 %, β 20 %, 20,000 images. */
        public static Settings against(double reference) {
            return new Settings(reference, 0.02, 0.05, 0.05, 0.20, 20_000);
        }
    }

    public enum State { WATCHING, ROLL_BACK, HOLDS }

    /** The watch's state with its evidence. */
    public record Verdict(State state, String reason, long right, long wrong, double logLikelihoodRatio,
                          double rollBackAt, double holdsAt) {
    }

    private final Settings settings;
    private final double rightStep;
    private final double wrongStep;
    private final double rollBackAt;
    private final double holdsAt;

    public RollbackWatch(Settings settings) {
        this.settings = settings;
        double p0 = Math.min(settings.reference() - settings.margin(), 1 - 1e-9);
        double p1 = settings.reference() - settings.margin() - settings.drop();
        this.rightStep = Math.log(p1 / p0);
        this.wrongStep = Math.log((1 - p1) / (1 - p0));
        this.rollBackAt = Math.log(1 / settings.falseRollbackRate());
        this.holdsAt = Math.log(settings.missRate());
    }

    public double logLikelihoodRatio(long right, long wrong) {
        return right * rightStep + wrong * wrongStep;
    }

    /** The state alone (no reason text: cheap enough for simulations). */
    public State state(long right, long wrong) {
        double statistic = logLikelihoodRatio(right, wrong);
        if (statistic >= rollBackAt) {
            return State.ROLL_BACK;
        }
        return statistic <= holdsAt || right + wrong >= settings.maxLabelled() ? State.HOLDS : State.WATCHING;
    }

    public Verdict verdict(long right, long wrong) {
        double statistic = logLikelihoodRatio(right, wrong);
        long labelled = right + wrong;
        State state = state(right, wrong);
        if (state == State.ROLL_BACK) {
            return verdict(State.ROLL_BACK, String.format(Locale.ROOT,
                    "accuracy %.3f on %d labelled images is below the old champion's %.3f by more than the %.3f margin "
                            + "(statistic %.3f >= %.3f)", (double) right / labelled, labelled, settings.reference(),
                    settings.margin(), statistic, rollBackAt), right, wrong, statistic);
        }
        if (state == State.HOLDS) {
            return verdict(State.HOLDS, String.format(Locale.ROOT, "accuracy %.3f on %d labelled images holds against "
                            + "the old champion's %.3f (statistic %.3f)", labelled == 0 ? Double.NaN : (double) right / labelled,
                    labelled, settings.reference(), statistic), right, wrong, statistic);
        }
        return verdict(State.WATCHING, String.format(Locale.ROOT, "watching: statistic %.3f between %.3f and %.3f after %d "
                + "labelled images", statistic, holdsAt, rollBackAt, labelled), right, wrong, statistic);
    }

    private Verdict verdict(State state, String reason, long right, long wrong, double statistic) {
        return new Verdict(state, reason, right, wrong, statistic, rollBackAt, holdsAt);
    }
}
