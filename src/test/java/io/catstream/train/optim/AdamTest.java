package io.catstream.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {

    @Test
    void shouldTakeTheHandComputedFirstTwoSteps() {
        double[] w = {1.0, -3.0};
        Adam adam = new Adam();

        // step 1, g = 0.5: m = 0.1·0.5 = 0.05, v = 0.001·0.25 = 0.00025; m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25
        // w = 1 − 0.1 · 0.5 / (√0.25 + 1e-8) = 1 − 0.05/0.50000001 = 0.900000002
        adam.update(List.of(w), List.of(new double[] {0.5, 0.0}), 0.1);
        assertThat(w[0]).isCloseTo(0.900000002, within(1e-12));
        assertThat(w[1]).as("a zero gradient moves nothing").isEqualTo(-3.0);

        // step 2, g = −0.2: m = 0.9·0.05 − 0.1·0.2 = 0.025, v = 0.999·0.00025 + 0.001·0.04 = 0.00028975
        // m̂ = 0.025/0.19 = 0.131578947…, v̂ = 0.00028975/0.001999 = 0.144947474…, √v̂ = 0.380719…
        // w = 0.900000002 − 0.1 · 0.131578947 / 0.380719… = 0.865439418…
        adam.update(List.of(w), List.of(new double[] {-0.2, 0.0}), 0.1);
        double expected = 0.900000002 - 0.1 * (0.025 / 0.19) / (Math.sqrt(0.00028975 / 0.001999) + 1e-8);
        assertThat(w[0]).isCloseTo(expected, within(1e-12)).isCloseTo(0.8654394181, within(1e-10));
    }

    @Test
    void shouldMoveEachWeightByAboutTheLearningRateOnItsFirstStepWhateverTheGradientScale() {
        double[] w = {0, 0, 0};
        new Adam().update(List.of(w), List.of(new double[] {1e-4, 3.0, -250.0}), 0.01);

        assertThat(w).containsExactly(new double[] {-0.01, -0.01, 0.01}, within(1e-6));
    }
}
