package io.catstream.nn.layered;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded networks and batches for the engine's tests: every parameter non-zero, inputs in [0, 1). */
final class RandomNetworks {

    private RandomNetworks() {
    }

    /**
     * He-initialised weights and biases drawn around 0.05, so that no ReLU sits exactly on its kink; batch
     * normalisation's γ around 1, running means around 0 and running variances in [0.5, 1.5), so that none of
     * them is the identity its initialisation would be.
     */
    static LayeredNetwork network(String layers, TensorShape input, long seed) {
        Architecture architecture = Architecture.parse(layers, input);
        LayeredNetwork network = LayeredNetwork.initialise(architecture, seed);
        Random random = new Random(seed);
        List<ParamSpec> specs = architecture.parameters();
        for (int i = 0; i < specs.size(); i++) {
            String name = specs.get(i).name();
            double[] values = network.parameters().get(i);
            for (int j = 0; j < values.length; j++) {
                if (name.startsWith("b")) {
                    values[j] = 0.05 + 0.1 * random.nextGaussian();
                } else if (name.startsWith("gamma")) {
                    values[j] = 1 + 0.3 * random.nextGaussian();
                } else if (name.startsWith("mean")) {
                    values[j] = 0.2 * random.nextGaussian();
                } else if (name.startsWith("var")) {
                    values[j] = 0.5 + random.nextDouble();
                }
            }
        }
        return network;
    }

    static double[] examples(Classifier network, int count, long seed) {
        Random random = new Random(seed);
        double[] x = new double[count * network.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble();
        }
        return x;
    }

    /** Labels 1, 0, 1, 0, ... */
    static double[] alternatingLabels(int count) {
        double[] y = new double[count];
        for (int i = 0; i < count; i += 2) {
            y[i] = 1;
        }
        return y;
    }

    static List<double[]> zerosLike(List<double[]> arrays) {
        List<double[]> out = new ArrayList<>();
        arrays.forEach(a -> out.add(new double[a.length]));
        return out;
    }

    /**
     * The cost's central finite differences {@code (J(θ + h) − J(θ − h)) / 2h} for every value of parameter array
     * {@code p}, each value restored after use; {@code scratch} receives the gradients the cost calls compute.
     */
    static double[] centralDifferences(TrainableNetwork network, double[] x, double[] y, int count, int p, double h,
                                       List<double[]> scratch) {
        double[] parameter = network.parameters().get(p);
        double[] numeric = new double[parameter.length];
        for (int i = 0; i < parameter.length; i++) {
            double saved = parameter[i];
            parameter[i] = saved + h;
            double plus = network.costAndGradients(x, y, count, scratch);
            parameter[i] = saved - h;
            double minus = network.costAndGradients(x, y, count, scratch);
            parameter[i] = saved;
            numeric[i] = (plus - minus) / (2 * h);
        }
        return numeric;
    }

    /** {@code ‖a − b‖ / max(‖a‖, ‖b‖)}: 0 for equal arrays, ~1e-16 for arrays equal but for rounding. */
    static double relativeDifference(double[] a, double[] b) {
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        double norm = Math.sqrt(Math.max(na, nb));
        return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff) / norm;
    }
}
