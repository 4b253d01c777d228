package io.catstream.train.optim;

import io.catstream.nn.layered.ParamSpec;
import java.util.List;

/**
 * L2 regularisation of the weights, not the biases: the cost gains {@code λ/2 · Σ‖W‖²} and each weight's
 * gradient {@code λ·w}. Added to the gradient before the optimiser sees it (so with Adam it is the classic
 * coupled L2, not AdamW). λ does not depend on the batch size.
 */
public final class WeightDecay {

    private final double lambda;
    private final boolean[] decayed;

    private WeightDecay(double lambda, boolean[] decayed) {
        this.lambda = lambda;
        this.decayed = decayed;
    }

    /** Decays the arrays named {@code W*} of {@code specs} (the layout of {@code Architecture.parameters()}). */
    public static WeightDecay of(double lambda, List<ParamSpec> specs) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("L2 weight decay must be a finite number ≥ 0, got " + lambda);
        }
        boolean[] decayed = new boolean[specs.size()];
        for (int i = 0; i < decayed.length; i++) {
            decayed[i] = specs.get(i).name().startsWith("W");
        }
        return new WeightDecay(lambda, decayed);
    }

    public double lambda() {
        return lambda;
    }

    /** {@code λ/2 · Σ‖W‖²} over the weight arrays. */
    public double cost(List<double[]> parameters) {
        if (lambda == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < decayed.length; i++) {
            if (decayed[i]) {
                for (double w : parameters.get(i)) {
                    sum += w * w;
                }
            }
        }
        return lambda / 2 * sum;
    }

    /** {@code dW += λ·W} for the weight arrays; biases untouched. */
    public void addGradient(List<double[]> parameters, List<double[]> gradients) {
        if (lambda == 0) {
            return;
        }
        for (int i = 0; i < decayed.length; i++) {
            if (decayed[i]) {
                double[] w = parameters.get(i);
                double[] g = gradients.get(i);
                for (int j = 0; j < w.length; j++) {
                    g[j] += lambda * w[j];
                }
            }
        }
    }
}
