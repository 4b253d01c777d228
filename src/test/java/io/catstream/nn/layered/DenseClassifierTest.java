package io.catstream.nn.layered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.catstream.nn.Forward;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import io.catstream.nn.SingleExampleForward;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class DenseClassifierTest {

    private static final NetworkShape SHAPE = new NetworkShape(new int[] {48, 7, 5, 1});
    private final Parameters parameters = Parameters.initialize(SHAPE, 3);
    private final DenseClassifier classifier = new DenseClassifier(parameters);
    private final double[] examples = randomExamples(9, 4);

    @Test
    void shouldGiveSingleExampleForwardsProbabilitiesOneExampleAtATimeAndInABatch() {
        double[] batch = new double[9];
        classifier.probabilities(examples, 9, batch);
        double[] reference = Forward.probabilities(parameters, new DMatrixRMaj(9, 48, true, examples));

        for (int e = 0; e < 9; e++) {
            double[] x = Arrays.copyOfRange(examples, e * 48, (e + 1) * 48);
            double single = SingleExampleForward.probability(parameters, x, SingleExampleForward.workspace(SHAPE));
            assertThat(batch[e]).isEqualTo(single).isEqualTo(classifier.probability(x));
            assertThat(batch[e]).isCloseTo(reference[e], within(1e-12));
        }
        assertThat(classifier.inputSize()).isEqualTo(48);
    }

    @Test
    void shouldBeSafeToCallFromSeveralThreadsAtOnce() throws Exception {
        double[] expected = new double[9];
        classifier.probabilities(examples, 9, expected);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] runs = new Future<?>[4];
            for (int t = 0; t < runs.length; t++) {
                runs[t] = pool.submit(() -> {
                    for (int round = 0; round < 500; round++) {
                        double[] out = new double[9];
                        classifier.probabilities(examples, 9, out);
                        assertThat(out).containsExactly(expected);
                    }
                });
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double[] randomExamples(int count, long seed) {
        Random random = new Random(seed);
        double[] x = new double[count * 48];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble();
        }
        return x;
    }
}
