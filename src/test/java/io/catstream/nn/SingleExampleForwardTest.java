package io.catstream.nn;

import io.catstream.linalg.MatrixVectorProduct;
import io.catstream.linalg.ScalarMatrixVectorProduct;
import io.catstream.linalg.VectorMatrixVectorProduct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SingleExampleForwardTest {

    /** 1e-12 relative, in AssertJ's percent. */
    private static final double RELATIVE_1E_12 = 1e-10;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"scalar", "vector", "fastest"})
    void shouldGiveTheBatchForwardPassProbabilityForEachExample(String kernelName) {
        MatrixVectorProduct kernel = switch (kernelName) {
            case "scalar" -> new ScalarMatrixVectorProduct();
            case "vector" -> new VectorMatrixVectorProduct();
            default -> SingleExampleForward.kernel();
        };
        // the article's input (128² RGB) and an odd width whose rows end in a scalar tail
        for (int inputSize : new int[] {3 * 128 * 128, 3 * 16 * 16 + 5}) {
            NetworkShape shape = new NetworkShape(new int[] {inputSize, 20, 7, 5, 1});
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
                assertThat(SingleExampleForward.probability(p, x, workspace, kernel))
                        .as("example %d of %s", i, shape).isCloseTo(expected[i], withinPercentage(RELATIVE_1E_12));
            }
        }
    }
}
