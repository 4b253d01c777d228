package io.catstream.train;

import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of the weights over training steps, {@code avg = d·avg + (1-d)·w}. Mini-batch
 * noise and augmentation make the weights of one step wander around a good region; validation accuracy then
 * jumps by several points from one epoch to the next, and keeping "the best epoch" picks a lucky draw. The
 * average moves smoothly and usually generalises better (Polyak averaging).
 * <p>
 * The average starts at the initial weights with the bias correction Adam uses ({@code avg / (1 - d^t)} over a
 * zero start), so early epochs are not dragged towards the random initialisation.
 */
final class WeightAverage {

    private final double decay;
    private final List<double[]> sum;
    private double weight;

    WeightAverage(List<double[]> params, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("weight averaging decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.sum = new ArrayList<>(params.size());
        params.forEach(p -> sum.add(new double[p.length]));
    }

    /** Folds the weights after one step into the average. */
    void update(List<double[]> params) {
        for (int i = 0; i < params.size(); i++) {
            double[] s = sum.get(i);
            double[] p = params.get(i);
            for (int k = 0; k < s.length; k++) {
                s[k] = decay * s[k] + (1 - decay) * p[k];
            }
        }
        weight = decay * weight + (1 - decay);
    }

    /** Puts the (bias-corrected) average into {@code params} and returns the trained weights it replaced. */
    List<double[]> swapIn(List<double[]> params) {
        if (weight == 0) {
            throw new IllegalStateException("no step has been averaged yet");
        }
        List<double[]> trained = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            double[] p = params.get(i);
            trained.add(p.clone());
            double[] s = sum.get(i);
            for (int k = 0; k < p.length; k++) {
                p[k] = s[k] / weight;
            }
        }
        return trained;
    }

    /** Puts the trained weights back, to continue training from them. */
    void swapOut(List<double[]> params, List<double[]> trained) {
        for (int i = 0; i < params.size(); i++) {
            System.arraycopy(trained.get(i), 0, params.get(i), 0, trained.get(i).length);
        }
    }
}
