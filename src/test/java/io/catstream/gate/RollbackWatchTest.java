package io.catstream.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RollbackWatchTest {

    private final RollbackWatch.Settings settings = RollbackWatch.Settings.against(0.80); // H0 0.78, H1 0.73

    @Test
    void shouldComputeTheStatisticAsTheBernoulliLikelihoodRatioOfTheDropAgainstTheMargin() {
        RollbackWatch watch = new RollbackWatch(settings);
        long right = 150;
        long wrong = 50;

        double expected = Math.log(Math.pow(0.73, right) * Math.pow(0.27, wrong) / (Math.pow(0.78, right) * Math.pow(0.22, wrong)));

        assertThat(watch.logLikelihoodRatio(right, wrong)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void shouldRollBackAChampionThatDroppedAndRarelyOneThatHolds() {
        int dropped = simulate(0.70, 500, 1);
        int holding = simulate(0.78, 500, 2); // exactly at the tolerated margin: the worst case for a false rollback

        assertThat(dropped).as("rollbacks of a champion at 0.70 out of 500").isGreaterThanOrEqualTo(450);
        assertThat(holding).as("rollbacks of a champion at 0.78 out of 500").isLessThanOrEqualTo(25);
    }

    @Test
    void shouldSayWhyItRollsBack() {
        RollbackWatch.Verdict verdict = new RollbackWatch(settings).verdict(120, 80);

        assertThat(verdict.state()).isEqualTo(RollbackWatch.State.ROLL_BACK);
        assertThat(verdict.reason()).contains("accuracy 0.600 on 200 labelled images").contains("0.800");
    }

    private int simulate(double accuracy, int runs, long seed) {
        RollbackWatch watch = new RollbackWatch(settings);
        SplittableRandom random = new SplittableRandom(seed);
        int rolledBack = 0;
        for (int run = 0; run < runs; run++) {
            long right = 0;
            long wrong = 0;
            RollbackWatch.State state;
            do {
                if (random.nextDouble() < accuracy) {
                    right++;
                } else {
                    wrong++;
                }
                state = watch.state(right, wrong);
            } while (state == RollbackWatch.State.WATCHING);
            if (state == RollbackWatch.State.ROLL_BACK) {
                rolledBack++;
            }
        }
        return rolledBack;
    }
}
