package io.catstream.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The plain backward pass against central finite differences of the cost, on a tiny net with non-zero biases. */
class BackwardGradientCheckTest {

    private static final double H = 1e-6;

    @Test
    void shouldMatchCentralFiniteDifferencesForEveryWeightAndBias() {
        NetworkShape shape = new NetworkShape(new int[] {6, 5, 4, 3, 1});
        Random random = new Random(7);
        Parameters p = Parameters.initialize(shape, 3);
        for (int l = 1; l <= p.layers(); l++) {
            for (int i = 0; i < p.bias(l).data.length; i++) {
                p.bias(l).data[i] = 0.1 + 0.2 * random.nextGaussian();
            }
        }
        int m = 9;
        DMatrixRMaj x = new DMatrixRMaj(m, shape.inputSize());
        DMatrixRMaj y = new DMatrixRMaj(1, m);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = random.nextDouble();
        }
        for (int i = 0; i < m; i++) {
            y.data[i] = i % 2;
        }
        LabelledExamples batch = new LabelledExamples(x, y);
        Workspace ws = new Workspace(shape, m);
        Forward.propagate(p, x, ws);
        Backward.propagate(p, batch, ws);

        for (int l = 1; l <= p.layers(); l++) {
            assertGradient("dW" + l, p.weights(l), ws.weightGradient(l), p, batch);
            assertGradient("db" + l, p.bias(l), ws.biasGradient(l), p, batch);
        }
    }

    /** Relative difference {@code ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖)} per matrix, as the reference checks. */
    private static void assertGradient(String name, DMatrixRMaj parameter, DMatrixRMaj analytic, Parameters p, LabelledExamples batch) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < parameter.data.length; i++) {
            double saved = parameter.data[i];
            parameter.data[i] = saved + H;
            double plus = cost(p, batch);
            parameter.data[i] = saved - H;
            double minus = cost(p, batch);
            parameter.data[i] = saved;
            double numeric = (plus - minus) / (2 * H);
            diff += square(analytic.data[i] - numeric);
            norm += square(Math.abs(analytic.data[i]) + Math.abs(numeric));
        }
        double relative = Math.sqrt(diff) / Math.sqrt(norm);
        System.out.printf("gradient check %s: relative difference %.1e%n", name, relative);
        assertThat(relative).as("%s relative difference", name).isLessThan(1e-7);
    }

    private static double cost(Parameters p, LabelledExamples batch) {
        Workspace ws = new Workspace(p.shape(), batch.size());
        return Cost.crossEntropy(Forward.propagate(p, batch.features(), ws), batch.labels());
    }

    private static double square(double v) {
        return v * v;
    }
}
