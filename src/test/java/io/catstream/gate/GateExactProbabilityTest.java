package io.catstream.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The gate's promotion probability computed exactly (dynamic programming over every reachable table, no sampling)
 * for short trials, against the bound the gate promises and against {@link GateSimulation}, so the simulator the
 * long-trial figures come from is itself checked.
 */
class GateExactProbabilityTest {

    private static final GateSettings SHORT_TRIAL = new GateSettings(0.05, 0.2, 0.55, 50, 400, Duration.ofDays(1));

    /** P(the gate promotes) when each image falls in the four cells with these probabilities. */
    static double exactPromotionProbability(GateSettings settings, double[] cells) {
        int max = (int) settings.maxLabelled();
        double win = Math.log(2 * settings.designWinShare());
        double loss = Math.log(2 * (1 - settings.designWinShare()));
        double promoteAt = Math.log(1 / settings.falsePromotionRate());
        double rejectAt = Math.log(settings.missRate());
        double concordant = cells[0] + cells[3];
        // alive[w][l]: probability that the trial is undecided with w challenger wins and l champion wins
        double[][] alive = new double[max + 1][max + 1];
        double[][] next = new double[max + 1][max + 1];
        alive[0][0] = 1;
        double promoted = 0;
        for (int n = 1; n <= max; n++) {
            for (double[] row : next) {
                java.util.Arrays.fill(row, 0);
            }
            for (int w = 0; w < n; w++) {
                for (int l = 0; w + l < n; l++) {
                    double p = alive[w][l];
                    if (p == 0) {
                        continue;
                    }
                    next[w][l] += p * concordant;
                    next[w + 1][l] += p * cells[2];
                    next[w][l + 1] += p * cells[1];
                }
            }
            if (n >= settings.minLabelled()) {
                for (int w = 0; w <= n; w++) {
                    for (int l = 0; w + l <= n; l++) {
                        double statistic = w * win + l * loss;
                        if (statistic >= promoteAt) {
                            promoted += next[w][l];
                            next[w][l] = 0;
                        } else if (statistic <= rejectAt) {
                            next[w][l] = 0;
                        }
                    }
                }
            }
            double[][] swap = alive;
            alive = next;
            next = swap;
        }
        return promoted; // what is still alive at max is rejected
    }

    @Test
    void shouldPromoteEqualModelsNoMoreOftenThanAlphaExactly() {
        for (double overlap : new double[] {0, 0.5, 0.9}) {
            double[] cells = new GateSimulation(0.75, 0.75, overlap).cellProbabilities();

            double exact = exactPromotionProbability(SHORT_TRIAL, cells);

            assertThat(exact).as("overlap %s", overlap).isLessThanOrEqualTo(0.05).isGreaterThan(0.0);
        }
    }

    @Test
    void shouldAgreeWithTheSimulatorOnEqualAndOnBetterChallengers() {
        PromotionGate gate = new PromotionGate(SHORT_TRIAL);
        int runs = 10_000;
        for (double challenger : new double[] {0.75, 0.80, 0.85}) {
            GateSimulation simulation = new GateSimulation(0.75, challenger, 0.3);
            double exact = exactPromotionProbability(SHORT_TRIAL, simulation.cellProbabilities());

            double simulated = simulation.run(gate, runs, 42).promotionRate();

            double standardError = Math.sqrt(exact * (1 - exact) / runs);
            assertThat(simulated).as("challenger %s: exact %s", challenger, exact)
                    .isCloseTo(exact, within(4 * standardError + 1e-9));
        }
    }

    private static org.assertj.core.data.Offset<Double> within(double value) {
        return org.assertj.core.data.Offset.offset(value);
    }
}
