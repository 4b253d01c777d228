package io.catstream.nn.layered;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scoring from several threads at once, and batches whose result does not depend on the number of threads (with
 * dropout too: both copies draw the masks of the same batch, and the masks do not depend on the chunks; with batch
 * normalisation too: its statistics cross the chunks, whose partial sums are added in chunk order).
 */
class LayeredNetworkConcurrencyTest {

    private static final String LAYERS = "conv4,pool,conv8,pool,dense6,dense1";
    private static final TensorShape INPUT = new TensorShape(16, 16, 3);

    @Test
    void shouldGiveConcurrentProbabilityCallsTheSameAnswersAsSequentialOnes() throws Exception {
        LayeredNetwork network = RandomNetworks.network(LAYERS, INPUT, 21);
        int count = 40;
        double[] x = RandomNetworks.examples(network, count, 1);
        double[] sequential = new double[count];
        for (int e = 0; e < count; e++) {
            sequential[e] = network.probability(Arrays.copyOfRange(x, e * network.inputSize(), (e + 1) * network.inputSize()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    double[] out = new double[count];
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < count; i++) {
                            int e = (i + offset * 7) % count;
                            double[] one = Arrays.copyOfRange(x, e * network.inputSize(), (e + 1) * network.inputSize());
                            out[e] = network.probability(one);
                        }
                        double[] batch = new double[count];
                        network.probabilities(x, count, batch);
                        assertThat(batch).containsExactly(out);
                    }
                    return out;
                }));
            }
            for (Future<double[]> result : results) {
                assertThat(result.get()).containsExactly(sequential);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {LAYERS, "conv4,drop20,pool,conv8,pool,gap,drop50,dense6,dense1",
            "convbn4,pool,convbn8,pool,drop20,densebn6,dense1"})
    void shouldComputeTheSameCostAndGradientsToTheLastBitOnOneThreadOrMany(String layers) {
        LayeredNetwork network = RandomNetworks.network(layers, INPUT, 22);
        int count = 37;
        double[] x = RandomNetworks.examples(network, count, 2);
        double[] y = RandomNetworks.alternatingLabels(count);
        List<double[]> one = RandomNetworks.zerosLike(network.parameters());
        List<double[]> many = RandomNetworks.zerosLike(network.parameters());

        LayeredNetwork onOne = network.withThreads(1);
        LayeredNetwork onMany = network.withThreads(4);
        double costOne = onOne.costAndGradients(x, y, count, one);
        double costMany = onMany.costAndGradients(x, y, count, many);

        assertThat(costMany).isEqualTo(costOne);
        for (int i = 0; i < one.size(); i++) {
            assertThat(many.get(i)).containsExactly(one.get(i));
            // batch normalisation's running statistics, moved by the batch's, too
            assertThat(onMany.parameters().get(i)).containsExactly(onOne.parameters().get(i));
        }
    }
}
