package io.catstream.nn;

import io.catstream.linalg.ScalarTransBGemm;
import io.catstream.linalg.TransBGemm;
import io.catstream.linalg.VectorTransBGemm;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GramDescent against the plain transcription (its oracle) on random data, with either GEMM kernel. */
class GramDescentTest {

    @ParameterizedTest(name = "{0} kernel")
    @ValueSource(strings = {"vector", "scalar"})
    void shouldFollowPlainDescentCostForCostAndParameterForParameter(String kernelName) {
        TransBGemm kernel = kernelName.equals("vector") ? new VectorTransBGemm(2) : new ScalarTransBGemm(2);
        NetworkShape shape = new NetworkShape(new int[] {300, 8, 4, 1});
        Random random = new Random(11);
        int m = 77;
        DMatrixRMaj x = new DMatrixRMaj(m, shape.inputSize());
        DMatrixRMaj y = new DMatrixRMaj(1, m);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = random.nextInt(256) / 255.0;
        }
        for (int i = 0; i < m; i++) {
            y.data[i] = random.nextInt(2);
        }
        LabelledExamples batch = new LabelledExamples(x, y);
        Parameters init = Parameters.initialize(shape, 1);
        PlainDescent plain = new PlainDescent(init, batch, 0.0075);
        GramDescent gram = new GramDescent(init, batch, 0.0075, kernel);
        for (int i = 0; i < 400; i++) {
            double expected = plain.step();
            assertThat(gram.step()).as("cost at iteration %d", i).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-10));
        }
        Parameters fast = gram.parameters();
        Parameters slow = plain.parameters();
        for (int l = 1; l <= shape.layers(); l++) {
            assertClose(fast.weights(l), slow.weights(l), "W" + l);
            assertClose(fast.bias(l), slow.bias(l), "b" + l);
        }
        assertThat(gram.parameters().weights(1).data).as("parameters() is repeatable").containsExactly(fast.weights(1).data);
    }

    /** {@code |a − b| ≤ 1e-12 · max|b|}. */
    private static void assertClose(DMatrixRMaj actual, DMatrixRMaj expected, String name) {
        double scale = 0;
        for (double v : expected.data) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.data.length; i++) {
            assertThat(Math.abs(actual.data[i] - expected.data[i])).as("%s[%d]", name, i).isLessThanOrEqualTo(1e-12 * scale);
        }
    }
}
