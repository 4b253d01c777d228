package io.catstream.nn.layered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DenseNetworkTest {

    private static final double H = 1e-6;

    private final Architecture arch = Architecture.dense(new NetworkShape(new int[] {6, 5, 3, 1}));

    @Test
    void shouldMatchCentralFiniteDifferencesThroughTheTrainableNetworkSeam() {
        DenseNetwork net = DenseNetwork.initialise(arch, 3, Initialisation.HE);
        Random random = new Random(7);
        for (int i = 1; i < net.parameters().size(); i += 2) {
            double[] b = net.parameters().get(i);
            for (int j = 0; j < b.length; j++) {
                b[j] = 0.1 + 0.2 * random.nextGaussian();
            }
        }
        int m = 7;
        double[] x = random.doubles(m * 6L).toArray();
        double[] y = {1, 0, 1, 1, 0, 0, 1};
        List<double[]> grads = RandomNetworks.zerosLike(net.parameters());
        net.costAndGradients(x, y, m, grads);

        List<double[]> scratch = RandomNetworks.zerosLike(net.parameters());
        for (int k = 0; k < grads.size(); k++) {
            double[] numeric = RandomNetworks.centralDifferences(net, x, y, m, k, H, scratch);
            double diff = 0;
            double norm = 0;
            for (int j = 0; j < numeric.length; j++) {
                diff += Math.pow(grads.get(k)[j] - numeric[j], 2);
                norm += Math.pow(Math.abs(grads.get(k)[j]) + Math.abs(numeric[j]), 2);
            }
            assertThat(Math.sqrt(diff) / Math.sqrt(norm)).as("relative gradient error of %s", arch.parameters().get(k).name())
                    .isLessThan(1e-7);
        }
    }

    @Test
    void shouldReadOnlyTheFirstCountExamplesOfALongerBuffer() {
        DenseNetwork net = DenseNetwork.initialise(arch, 1, Initialisation.ARTICLE);
        double[] buffer = new Random(2).doubles(10 * 6L).toArray();
        double[] labels = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
        List<double[]> fromBuffer = RandomNetworks.zerosLike(net.parameters());
        List<double[]> exact = RandomNetworks.zerosLike(net.parameters());

        double a = net.costAndGradients(buffer, labels, 4, fromBuffer);
        double b = net.costAndGradients(Arrays.copyOf(buffer, 24), Arrays.copyOf(labels, 4), 4, exact);

        assertThat(a).isEqualTo(b);
        for (int k = 0; k < exact.size(); k++) {
            assertThat(fromBuffer.get(k)).containsExactly(exact.get(k));
        }
    }

    @Test
    void shouldDrawTheArticleWeightsOrThoseTimesRootTwoForHe() {
        Parameters article = Parameters.initialize(arch.toNetworkShape(), 5);
        DenseNetwork he = DenseNetwork.initialise(arch, 5, Initialisation.HE);
        DenseNetwork plain = DenseNetwork.initialise(arch, 5, Initialisation.ARTICLE);

        assertThat(plain.parameters().get(0)).containsExactly(article.weights(1).data);
        assertThat(he.parameters().get(2)[3]).isCloseTo(article.weights(2).data[3] * Math.sqrt(2), within(1e-15));
        assertThat(he.parameters().get(1)).containsOnly(0.0);
    }

    @Test
    void shouldExposeLiveParametersThatChangeItsPredictions() {
        DenseNetwork net = DenseNetwork.initialise(arch, 1, Initialisation.HE);
        double[] example = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
        double before = net.probability(example);

        net.parameters().get(net.parameters().size() - 1)[0] += 2.0;   // the output bias

        assertThat(net.probability(example)).isGreaterThan(before);
        assertThat(net.asParameters().bias(3).data[0]).isEqualTo(2.0);
    }

    @Test
    void shouldKeepGradientsFiniteWhenTheOutputSaturatesOnAWrongExample() {
        DenseNetwork net = DenseNetwork.initialise(arch, 1, Initialisation.HE);
        net.parameters().get(net.parameters().size() - 1)[0] = 500;   // sigmoid rounds to exactly 1
        List<double[]> grads = RandomNetworks.zerosLike(net.parameters());

        double cost = net.costAndGradients(new double[6], new double[] {0}, 1, grads);

        assertThat(cost).isFinite().isGreaterThan(25);
        assertThat(grads.get(grads.size() - 1)[0]).isCloseTo(1.0, within(1e-2));   // dZ = A − Y ≈ 1
    }
}
