package io.catstream.nn.layered;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backward pass against central finite differences of the cost, for every parameter array of small networks.
 * Dropout masks are frozen (every call draws the first batch's), so the cost is one function of the parameters.
 * With batch normalisation the cost is the batch's, whose statistics move with every parameter below them; the
 * gradient of the input of a normalisation (its x) is checked through the W of every layer below it, which receive
 * it, hence the normalisations in second place and after pooling. The running statistics do not enter the training
 * cost: their gradient must be exactly 0, as must the finite differences.
 */
class LayeredNetworkGradientCheckTest {

    private static final double H = 1e-6;
    private static final TensorShape INPUT = new TensorShape(6, 6, 2);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"conv3,pool,conv4,dense5,dense1", "dense7,dense5,dense1", "conv2,conv3,pool,pool,dense1",
            "conv3,pool,conv4,gap,dense5,dense1", "conv3,gap,dense1",
            "conv3,drop30,pool,conv4,gap,drop50,dense5,dense1", "dense7,drop40,dense5,dense1",
            "conv3,convbn4,pool,convbn3,dense5,dense1", "convbn3,pool,conv4,densebn5,dense1", "dense7,densebn5,drop30,dense4,dense1"})
    void shouldMatchCentralFiniteDifferencesForEveryParameterArray(String layers) {
        LayeredNetwork network = RandomNetworks.network(layers, INPUT, 11).withFrozenDropout();
        int count = 7;
        double[] x = RandomNetworks.examples(network, count, 5);
        double[] y = RandomNetworks.alternatingLabels(count);
        List<double[]> gradients = RandomNetworks.zerosLike(network.parameters());
        network.costAndGradients(x, y, count, gradients);

        List<ParamSpec> specs = network.architecture().parameters();
        List<double[]> scratch = RandomNetworks.zerosLike(network.parameters());
        for (int p = 0; p < specs.size(); p++) {
            double[] numeric = RandomNetworks.centralDifferences(network, x, y, count, p, H, scratch);
            if (specs.get(p).name().startsWith("mean") || specs.get(p).name().startsWith("var")) {
                assertThat(gradients.get(p)).as("d cost / d %s (running statistic)", specs.get(p).name()).containsOnly(0.0);
                assertThat(numeric).as("finite differences of %s", specs.get(p).name()).containsOnly(0.0);
                continue;
            }
            double relative = RandomNetworks.relativeDifference(gradients.get(p), numeric);
            assertThat(Arrays.stream(numeric).anyMatch(v -> v != 0))
                    .as("%s has some non-zero gradient (else the check proves nothing)", specs.get(p).name()).isTrue();
            assertThat(relative).as("d cost / d %s of %s", specs.get(p).name(), layers).isLessThan(1e-6);
        }
    }
}
