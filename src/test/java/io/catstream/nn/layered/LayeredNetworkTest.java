package io.catstream.nn.layered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.numpy.NumpyRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayeredNetworkTest {

    private static final Architecture SMALL = Architecture.parse("conv3,pool,dense4,dense1", new TensorShape(4, 4, 2));

    @Test
    void shouldInitialiseWithHeScaledNumpyNormalsAndZeroBiases() {
        LayeredNetwork network = LayeredNetwork.initialise(SMALL, 5);

        // what np.random.RandomState(5) draws: randn(3, 18) * sqrt(2/18), then randn(4, 12) * sqrt(2/12), ...
        NumpyRandom numpy = new NumpyRandom(5);
        List<ParamSpec> specs = SMALL.parameters();
        for (int i = 0; i < specs.size(); i++) {
            double[] actual = network.parameters().get(i);
            assertThat(actual).hasSize(Math.toIntExact(specs.get(i).count()));
            for (int j = 0; j < actual.length; j++) {
                double expected = specs.get(i).name().startsWith("W") ? numpy.nextGaussian() * Math.sqrt(2.0 / specs.get(i).cols()) : 0.0;
                assertThat(actual[j]).isEqualTo(expected);
            }
        }
        assertThat(LayeredNetwork.initialise(SMALL, 5).parameters().get(0)).containsExactly(network.parameters().get(0));
        assertThat(LayeredNetwork.initialise(SMALL, 6).parameters().get(0)).doesNotContain(network.parameters().get(0)[0]);
    }

    @Test
    void shouldCopyStoredArraysAndRefuseMisshapenOnesByName() {
        List<double[]> arrays = new ArrayList<>();
        SMALL.parameters().forEach(s -> arrays.add(new double[Math.toIntExact(s.count())]));
        LayeredNetwork network = LayeredNetwork.of(SMALL, arrays);
        arrays.get(0)[0] = 42;
        assertThat(network.parameters().get(0)[0]).isZero();

        arrays.set(2, new double[5]);
        assertThatThrownBy(() -> LayeredNetwork.of(SMALL, arrays)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("W2").hasMessageContaining("4 × 12 = 48 values, got 5");
        assertThatThrownBy(() -> LayeredNetwork.of(SMALL, arrays.subList(0, 3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 6 parameter arrays ([W1, b1, W2, b2, W3, b3]), got 3");
    }

    @Test
    void shouldKeepACopyUnchangedWhenTheOriginalIsTrained() {
        LayeredNetwork network = LayeredNetwork.initialise(SMALL, 1);
        LayeredNetwork checkpoint = network.copy();
        network.parameters().get(0)[0] += 1;
        assertThat(checkpoint.parameters().get(0)[0]).isEqualTo(network.parameters().get(0)[0] - 1);
    }

    @Test
    void shouldGiveFiniteCostAndGradientsWhenTheSigmoidSaturates() {
        LayeredNetwork network = RandomNetworks.network("dense3,dense1", new TensorShape(1, 1, 2), 1);
        network.parameters().get(3)[0] = 1000; // logit ≈ 1000: p rounds to exactly 1
        double[] x = {1, 1, 1, 1};
        List<double[]> gradients = RandomNetworks.zerosLike(network.parameters());

        double cost = network.costAndGradients(x, new double[] {0, 1}, 2, gradients);

        assertThat(cost).isBetween(400.0, 600.0); // half of (≈1000 for the wrong label + 0 for the right one)
        gradients.forEach(g -> assertThat(Arrays.stream(g).allMatch(Double::isFinite)).isTrue());
    }

    @Test
    void shouldLearnVerticalFromHorizontalStripesWithPlainGradientSteps() {
        LayeredNetwork network = LayeredNetwork.initialise(Architecture.parse("conv4,pool,dense8,dense1", new TensorShape(8, 8, 1)), 3);
        int count = 40;
        Random random = new Random(9);
        double[] x = new double[count * 64];
        double[] y = new double[count];
        for (int e = 0; e < count; e++) {
            y[e] = e % 2;
            int phase = random.nextInt(2);
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    int stripe = y[e] == 1 ? c : r;
                    x[e * 64 + r * 8 + c] = ((stripe + phase) % 2) * 0.8 + 0.2 * random.nextDouble();
                }
            }
        }
        List<double[]> gradients = RandomNetworks.zerosLike(network.parameters());
        for (int step = 0; step < 300; step++) {
            network.costAndGradients(x, y, count, gradients);
            for (int i = 0; i < gradients.size(); i++) {
                double[] p = network.parameters().get(i);
                for (int j = 0; j < p.length; j++) {
                    p[j] -= 0.1 * gradients.get(i)[j];
                }
            }
        }
        double[] p = new double[count];
        network.probabilities(x, count, p);
        for (int e = 0; e < count; e++) {
            assertThat(p[e] > 0.5 ? 1.0 : 0.0).as("example %d (p = %.3f)", e, p[e]).isEqualTo(y[e]);
        }
    }
}
