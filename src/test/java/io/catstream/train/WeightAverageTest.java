package io.catstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class WeightAverageTest {

    @Test
    void shouldAverageTheStepsWithBiasCorrectionAndSwapBackTheTrainedWeights() {
        double[] w = {10.0, -2.0};
        List<double[]> params = List.of(w);
        WeightAverage average = new WeightAverage(params, 0.5);

        w[0] = 2.0;
        w[1] = 4.0;
        average.update(params); // sum = 0.5·(2, 4), weight 0.5
        w[0] = 4.0;
        w[1] = 0.0;
        average.update(params); // sum = 0.5·(1, 2) + 0.5·(4, 0) = (2.5, 1), weight 0.75

        List<double[]> trained = average.swapIn(params);
        // by hand: (0.25·2 + 0.5·4) / 0.75 and (0.25·4 + 0.5·0) / 0.75; the initial weights do not count
        assertThat(w[0]).isCloseTo(2.5 / 0.75, within(1e-12));
        assertThat(w[1]).isCloseTo(1.0 / 0.75, within(1e-12));
        assertThat(trained.get(0)).containsExactly(4.0, 0.0);

        average.swapOut(params, trained);
        assertThat(w).containsExactly(4.0, 0.0);
    }

    @Test
    void shouldRefuseADecayOutsideTheOpenUnitIntervalAndAnEmptyAverage() {
        assertThatThrownBy(() -> new WeightAverage(List.of(new double[1]), 1.0)).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> new WeightAverage(List.of(new double[1]), 0.9).swapIn(List.of(new double[1])))
                .hasMessageContaining("no step");
    }
}
