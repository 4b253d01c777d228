package io.catstream.nn.layered;

import io.catstream.nn.Backward;
import io.catstream.nn.Cost;
import io.catstream.nn.Forward;
import io.catstream.nn.LabelledExamples;
import io.catstream.nn.Parameters;
import io.catstream.nn.Workspace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * The article's fully connected network ({@link Forward}, {@link Backward} on {@link Parameters}) as a
 * {@link TrainableNetwork}, so that mini-batch training with any optimiser runs on the article's own,
 * NumPy-checked code. Examples are rows, as {@link io.catstream.nn.LabelledExamples} stores them.
 */
public final class DenseNetwork implements TrainableNetwork {

    /**
     * Beyond this |Z_L| the sigmoid is within 1e-13 of 0 or 1; at |Z_L| ≳ 37 it rounds to exactly 0 or 1 and the
     * article's {@code dA_L = −(Y/A − (1−Y)/(1−A))} becomes 0/0. A confidently wrong example in a long
     * mini-batch run can get there, so the output layer's pre-activation is clamped here (it never is in the
     * article's runs, whose numbers this therefore leaves alone).
     */
    static final double MAX_LOGIT = 30;

    private final Architecture architecture;
    private final Parameters parameters;
    private final List<double[]> arrays;
    private final Map<Integer, Workspace> workspaces = new HashMap<>();

    private DenseNetwork(Architecture architecture, Parameters parameters) {
        this.architecture = architecture;
        this.parameters = parameters;
        List<double[]> live = new ArrayList<>();
        for (int l = 1; l <= parameters.layers(); l++) {
            live.add(parameters.weights(l).data);
            live.add(parameters.bias(l).data);
        }
        this.arrays = List.copyOf(live);
    }

    /** A fresh network of {@code architecture} (dense layers only), weights drawn from {@code seed}. */
    public static DenseNetwork initialise(Architecture architecture, long seed, Initialisation init) {
        Parameters p = Parameters.initialize(architecture.toNetworkShape(), seed);
        if (init == Initialisation.HE) {
            // the article draws randn/√n; He wants randn·√(2/n): the same draws times √2
            for (int l = 1; l <= p.layers(); l++) {
                double[] w = p.weights(l).data;
                for (int i = 0; i < w.length; i++) {
                    w[i] *= Math.sqrt(2);
                }
            }
        }
        return new DenseNetwork(architecture, p);
    }

    /** Wraps these parameters (live: training moves them). */
    public static DenseNetwork of(Parameters parameters) {
        return new DenseNetwork(Architecture.dense(parameters.shape()), parameters);
    }

    /** The live parameters in the article's form, for a model file. */
    public Parameters asParameters() {
        return parameters;
    }

    @Override
    public Architecture architecture() {
        return architecture;
    }

    @Override
    public List<double[]> parameters() {
        return arrays;
    }

    @Override
    public void probabilities(double[] examples, int count, double[] out) {
        double[] p = Forward.probabilities(parameters, DMatrixRMaj.wrap(count, inputSize(), examples));
        System.arraycopy(p, 0, out, 0, count);
    }

    @Override
    public double costAndGradients(double[] examples, double[] labels, int count, List<double[]> gradients) {
        DMatrixRMaj x = DMatrixRMaj.wrap(count, inputSize(), examples);
        DMatrixRMaj y = DMatrixRMaj.wrap(1, count, labels);
        Workspace ws = workspaces.computeIfAbsent(count, m -> new Workspace(parameters.shape(), m));
        Forward.propagate(parameters, x, ws);
        clampSaturatedOutputs(ws);
        double cost = Cost.crossEntropy(ws.output(), y);
        Backward.propagate(parameters, new LabelledExamples(x, y), ws);
        for (int l = 1; l <= parameters.layers(); l++) {
            copy(ws.weightGradient(l), gradients.get(2 * (l - 1)));
            copy(ws.biasGradient(l), gradients.get(2 * (l - 1) + 1));
        }
        return cost;
    }

    private void clampSaturatedOutputs(Workspace ws) {
        double[] z = ws.preActivation(parameters.layers()).data;
        double[] a = ws.output().data;
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(z[i]) > MAX_LOGIT) {
                z[i] = Math.copySign(MAX_LOGIT, z[i]);
                a[i] = 1 / (1 + Math.exp(-z[i]));
            }
        }
    }

    private static void copy(DMatrixRMaj from, double[] to) {
        System.arraycopy(from.data, 0, to, 0, from.getNumElements());
    }
}
