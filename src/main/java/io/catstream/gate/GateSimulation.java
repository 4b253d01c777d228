package io.catstream.gate;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Many simulated trials of the {@link PromotionGate} between two models of known accuracy: how often the challenger is
 * promoted, and after how many labelled images. What {@code catstream gate simulate} prints and the tests check (A/A:
 * equal models, promoted at most α of the time; A/B: a better challenger, promoted with the stated power).
 *
 * <p>The two models' outcomes on one image are drawn from the 2×2 table their accuracies and overlap imply:
 * P(both right) = a·b + overlap·(min(a, b) − a·b), where overlap 0 makes their errors independent and 1 makes them
 * as alike as their accuracies allow (models trained on the same data tend to fail on the same images).
 *
 * @param championAccuracy   a
 * @param challengerAccuracy b
 * @param overlap            in [0, 1]
 */
public record GateSimulation(double championAccuracy, double challengerAccuracy, double overlap) {

    public GateSimulation {
        if (!(championAccuracy > 0 && championAccuracy < 1 && challengerAccuracy > 0 && challengerAccuracy < 1)) {
            throw new IllegalArgumentException("invalid accuracies " + championAccuracy + ", " + challengerAccuracy
                    + ": each strictly between 0 and 1");
        }
        if (!(overlap >= 0 && overlap <= 1)) {
            throw new IllegalArgumentException("invalid value " + overlap + " for the overlap: 0 (independent errors) to 1");
        }
    }

    /** The joint table of one image as probabilities: both right, champion only, challenger only, both wrong. */
    public double[] cellProbabilities() {
        double a = championAccuracy;
        double b = challengerAccuracy;
        double bothRight = a * b + overlap * (Math.min(a, b) - a * b);
        return new double[] {bothRight, a - bothRight, b - bothRight, 1 - a - b + bothRight};
    }

    /**
     * The outcome of {@code runs} trials.
     *
     * @param promoted            trials that ended in promotion
     * @param rejected            trials that ended in rejection (by the evidence or at the limit)
     * @param labelledAtPromotion labelled images each promoting trial took, ascending
     */
    public record Result(int runs, int promoted, int rejected, long[] labelledAtPromotion) {

        public double promotionRate() {
            return (double) promoted / runs;
        }

        /** Share of all trials promoted within {@code labelled} images. */
        public double promotedWithin(long labelled) {
            int within = 0;
            while (within < labelledAtPromotion.length && labelledAtPromotion[within] <= labelled) {
                within++;
            }
            return (double) within / runs;
        }

        /** The fewest labelled images within which {@code share} of all trials were promoted; -1 if never. */
        public long labelledForPower(double share) {
            int needed = (int) Math.ceil(share * runs);
            return needed == 0 ? 0 : needed <= labelledAtPromotion.length ? labelledAtPromotion[needed - 1] : -1;
        }
    }

    /** Runs {@code runs} trials of {@code gate} with a seeded generator (the same seed gives the same result). */
    public Result run(PromotionGate gate, int runs, long seed) {
        if (runs < 1) {
            throw new IllegalArgumentException("invalid value " + runs + " for the runs: at least 1");
        }
        double[] cells = cellProbabilities();
        double bothRightUpTo = cells[0];
        double championOnlyUpTo = bothRightUpTo + cells[1];
        double challengerOnlyUpTo = championOnlyUpTo + cells[2];
        SplittableRandom random = new SplittableRandom(seed);
        long[] atPromotion = new long[runs];
        int promoted = 0;
        int rejected = 0;
        for (int run = 0; run < runs; run++) {
            PairedCounts counts = PairedCounts.NONE;
            GateVerdict.Decision decision;
            do {
                double u = random.nextDouble();
                counts = counts.add(u < championOnlyUpTo, u < bothRightUpTo || (u >= championOnlyUpTo && u < challengerOnlyUpTo));
                decision = gate.decide(counts, Duration.ZERO);
            } while (!decision.isFinal());
            if (decision == GateVerdict.Decision.PROMOTE) {
                atPromotion[promoted++] = counts.labelled();
            } else {
                rejected++;
            }
        }
        long[] sorted = Arrays.copyOf(atPromotion, promoted);
        Arrays.sort(sorted);
        return new Result(runs, promoted, rejected, sorted);
    }
}
