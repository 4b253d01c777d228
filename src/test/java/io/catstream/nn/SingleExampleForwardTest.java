package io.catstream.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class SingleExampleForwardTest {

    @Test
    void shouldGiveTheBatchForwardPassProbabilityForEachExample() {
        NetworkShape shape = new NetworkShape(new int[] {3 * 16 * 16, 20, 7, 5, 1});
        Parameters p = Parameters.initialize(shape, 3);
        Random random = new Random(11);
        int m = 9;
        DMatrixRMaj batch = new DMatrixRMaj(m, shape.inputSize());
        for (int i = 0; i < batch.data.length; i++) {
            batch.data[i] = random.nextInt(256) / 255.0;
        }
        double[] expected = Forward.probabilities(p, batch);

        double[][] workspace = SingleExampleForward.workspace(shape);
        for (int i = 0; i < m; i++) {
            double[] x = new double[shape.inputSize()];
            System.arraycopy(batch.data, i * shape.inputSize(), x, 0, x.length);
            assertThat(SingleExampleForward.probability(p, x, workspace)).as("example %d", i).isCloseTo(expected[i], within(1e-12));
        }
    }
}
