package io.catstream.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The gate with its default settings over many simulated trials: the false promotion rate of A/A trials (two equally
 * good models) and the labelled images an A/B trial needs to promote a challenger 5 points better with 80 % power.
 * The figures are printed for docs/gate.md ({@code catstream gate simulate} prints the same for any setting).
 */
class GateSimulationTest {

    private static final PromotionGate GATE = new PromotionGate(GateSettings.DEFAULTS);
    private static final int RUNS = 2000;

    @Test
    void shouldPromoteAnEquallyGoodChallengerAtMostFivePercentOfTheTime() {
        for (double accuracy : new double[] {0.62, 0.75, 0.9}) {
            for (double overlap : new double[] {0, 0.5}) {
                GateSimulation.Result result = new GateSimulation(accuracy, accuracy, overlap).run(GATE, RUNS, 7);

                System.out.printf("A/A %.2f overlap %.1f: promoted %.2f %%%n", accuracy, overlap, 100 * result.promotionRate());
                assertThat(result.promotionRate()).as("accuracy %s, overlap %s", accuracy, overlap).isLessThanOrEqualTo(0.05);
                assertThat(result.promoted() + result.rejected()).isEqualTo(RUNS);
            }
        }
    }

    @Test
    void shouldPromoteAWorseChallengerAlmostNever() {
        GateSimulation.Result result = new GateSimulation(0.75, 0.70, 0).run(GATE, RUNS, 8);

        assertThat(result.promotionRate()).isLessThan(0.005);
    }

    @Test
    void shouldPromoteAChallengerFivePointsBetterWithEightyPercentPowerWithinAFewThousandImages() {
        GateSimulation.Result independent = new GateSimulation(0.75, 0.80, 0).run(GATE, RUNS, 9);
        GateSimulation.Result alike = new GateSimulation(0.75, 0.80, 0.5).run(GATE, RUNS, 10);

        System.out.printf("A/B 0.75 -> 0.80, independent errors: promoted %.1f %%, 80 %% within %d labelled images, "
                + "median %d%n", 100 * independent.promotionRate(), independent.labelledForPower(0.8),
                independent.labelledForPower(0.5));
        System.out.printf("A/B 0.75 -> 0.80, errors half alike: promoted %.1f %%, 80 %% within %d labelled images, "
                + "median %d%n", 100 * alike.promotionRate(), alike.labelledForPower(0.8), alike.labelledForPower(0.5));
        assertThat(independent.promotionRate()).isGreaterThanOrEqualTo(0.8);
        assertThat(independent.labelledForPower(0.8)).isBetween(200L, 3000L);
        // errors alike leave fewer discordant images, each more one-sided: fewer images are needed
        assertThat(alike.labelledForPower(0.8)).isLessThan(independent.labelledForPower(0.8));
        assertThat(independent.promotedWithin(independent.labelledForPower(0.8))).isGreaterThanOrEqualTo(0.8);
    }
}
