package io.catstream.train.optim;

import java.util.List;

/**
 * Adam (Kingma and Ba, 2015) with bias correction: {@code m = β1·m + (1−β1)·g}, {@code v = β2·v + (1−β2)·g²},
 * {@code w −= lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)}; β1 0.9, β2 0.999, ε 1e-8 as in the paper.
 */
public final class Adam implements Optimizer {

    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPSILON = 1e-8;

    private List<double[]> firstMoment;
    private List<double[]> secondMoment;
    private int step;

    @Override
    public void update(List<double[]> parameters, List<double[]> gradients, double learningRate) {
        if (firstMoment == null) {
            firstMoment = Sgd.zerosLike(parameters);
            secondMoment = Sgd.zerosLike(parameters);
        }
        step++;
        // the moments start at 0: dividing by (1 − β^t) removes that bias from the early estimates
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        for (int i = 0; i < parameters.size(); i++) {
            double[] w = parameters.get(i);
            double[] g = gradients.get(i);
            double[] m = firstMoment.get(i);
            double[] v = secondMoment.get(i);
            for (int j = 0; j < w.length; j++) {
                m[j] = BETA1 * m[j] + (1 - BETA1) * g[j];
                v[j] = BETA2 * v[j] + (1 - BETA2) * g[j] * g[j];
                w[j] -= learningRate * (m[j] / correction1) / (Math.sqrt(v[j] / correction2) + EPSILON);
            }
        }
    }

    @Override
    public String name() {
        return "adam";
    }
}
