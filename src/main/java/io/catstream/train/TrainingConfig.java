package io.catstream.train;

import io.catstream.nn.NetworkShape;

/**
 * How to train: the article's hyper-parameters and which implementation of its gradient descent runs.
 *
 * @param shape        layer sizes, input first
 * @param learningRate gradient-descent step (article: 0.0075)
 * @param iterations   full-batch iterations (article: 2500)
 * @param seed         weight-initialisation seed, NumPy-compatible (article: 1)
 * @param logEvery     print the cost every this many iterations, and on the last (article: 100; we use 50)
 * @param solver       which implementation; both run the same algorithm
 */
public record TrainingConfig(NetworkShape shape, double learningRate, int iterations, long seed, int logEvery,
                             Solver solver) {

    public static final double ARTICLE_LEARNING_RATE = 0.0075;
    public static final int ARTICLE_ITERATIONS = 2500;

    /** Implementations of the article's full-batch gradient descent. */
    public enum Solver {
        /** Gram when it saves work (fewer examples than inputs), plain otherwise. */
        AUTO,
        /** First layer through the m × m Gram matrix: same updates, ~n/m times fewer operations. */
        GRAM,
        /** The article's matrices as written: the reference the tests compare against. */
        PLAIN
    }

    public TrainingConfig {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        if (logEvery < 1) {
            throw new IllegalArgumentException("cost log interval must be at least 1, got " + logEvery);
        }
    }

    /** The article's recipe for a shape: lr 0.0075, 2500 iterations, seed 1, cost every 50. */
    public static TrainingConfig article(NetworkShape shape) {
        return new TrainingConfig(shape, ARTICLE_LEARNING_RATE, ARTICLE_ITERATIONS, 1, 50, Solver.AUTO);
    }

    public TrainingConfig withIterations(int value) {
        return new TrainingConfig(shape, learningRate, value, seed, logEvery, solver);
    }

    public TrainingConfig withSolver(Solver value) {
        return new TrainingConfig(shape, learningRate, iterations, seed, logEvery, value);
    }
}
