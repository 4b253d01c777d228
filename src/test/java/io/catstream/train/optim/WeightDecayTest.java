package io.catstream.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.catstream.nn.layered.ParamSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightDecayTest {

    private final List<ParamSpec> specs = List.of(new ParamSpec("W1", 1, 2), new ParamSpec("b1", 1, 1),
            new ParamSpec("W2", 1, 1), new ParamSpec("b2", 1, 1));
    private final List<double[]> params = List.of(new double[] {1, -2}, new double[] {5}, new double[] {3}, new double[] {-7});

    @Test
    void shouldAddLambdaTimesEachWeightToItsGradientButLeaveBiasesAlone() {
        List<double[]> grads = List.of(new double[] {0.1, 0.1}, new double[] {0.1}, new double[] {0.1}, new double[] {0.1});

        WeightDecay.of(0.5, specs).addGradient(params, grads);

        assertThat(grads.get(0)).containsExactly(new double[] {0.6, -0.9}, within(1e-15));
        assertThat(grads.get(1)).containsExactly(0.1);
        assertThat(grads.get(2)).containsExactly(new double[] {1.6}, within(1e-15));
        assertThat(grads.get(3)).containsExactly(0.1);
    }

    @Test
    void shouldCostHalfLambdaTimesTheSquaredNormOfTheWeightsOnly() {
        // λ/2 · (1 + 4 + 9) = 0.25 · 14; the biases 5 and −7 do not count
        assertThat(WeightDecay.of(0.5, specs).cost(params)).isCloseTo(3.5, within(1e-15));
        assertThat(WeightDecay.of(0, specs).cost(params)).isZero();
    }

    @Test
    void shouldAgreeWithTheDerivativeOfItsOwnCost() {
        WeightDecay decay = WeightDecay.of(0.3, specs);
        List<double[]> grads = List.of(new double[2], new double[1], new double[1], new double[1]);
        decay.addGradient(params, grads);
        double h = 1e-6;
        params.get(0)[1] += h;
        double plus = decay.cost(params);
        params.get(0)[1] -= 2 * h;
        double minus = decay.cost(params);
        params.get(0)[1] += h;

        assertThat(grads.get(0)[1]).isCloseTo((plus - minus) / (2 * h), within(1e-8));
    }
}
