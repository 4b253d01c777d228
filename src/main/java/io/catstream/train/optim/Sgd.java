package io.catstream.train.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * Stochastic gradient descent, optionally with (heavy-ball) momentum: {@code v = μ·v − lr·g; w += v}.
 * With μ = 0 it is the article's update {@code w −= lr·g}.
 */
public final class Sgd implements Optimizer {

    private final double momentum;
    private List<double[]> velocity;

    public Sgd(double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
    }

    @Override
    public void update(List<double[]> parameters, List<double[]> gradients, double learningRate) {
        if (momentum == 0) {
            for (int i = 0; i < parameters.size(); i++) {
                double[] w = parameters.get(i);
                double[] g = gradients.get(i);
                for (int j = 0; j < w.length; j++) {
                    w[j] -= learningRate * g[j];
                }
            }
            return;
        }
        if (velocity == null) {
            velocity = zerosLike(parameters);
        }
        for (int i = 0; i < parameters.size(); i++) {
            double[] w = parameters.get(i);
            double[] g = gradients.get(i);
            double[] v = velocity.get(i);
            for (int j = 0; j < w.length; j++) {
                v[j] = momentum * v[j] - learningRate * g[j];
                w[j] += v[j];
            }
        }
    }

    @Override
    public String name() {
        return momentum == 0 ? "sgd" : "sgd(momentum " + momentum + ")";
    }

    static List<double[]> zerosLike(List<double[]> arrays) {
        List<double[]> zeros = new ArrayList<>(arrays.size());
        arrays.forEach(a -> zeros.add(new double[a.length]));
        return zeros;
    }
}
