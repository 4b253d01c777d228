package io.catstream.nn.layered;

import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import io.catstream.nn.SingleExampleForward;

/**
 * The article's dense network as a {@link Classifier}: each example through {@link SingleExampleForward}, the
 * scorer's allocation-free hot path (Vector API kernel when present), so the scorer, {@code predict} and
 * {@code evaluate} give the very same probabilities for the same features. Thread-safe: the weights are only read
 * and every thread gets its own activation and input buffers.
 */
public final class DenseClassifier implements Classifier {

    private final Parameters parameters;
    private final int inputSize;
    /** Per thread: {@code [0]} holds one example (SingleExampleForward takes a whole array), {@code [1..L]} activations. */
    private final ThreadLocal<double[][]> workspace;

    /** @param parameters read, never written; the caller must not change them while this classifier is in use */
    public DenseClassifier(Parameters parameters) {
        this.parameters = parameters;
        NetworkShape shape = parameters.shape();
        this.inputSize = shape.inputSize();
        this.workspace = ThreadLocal.withInitial(() -> {
            double[][] a = SingleExampleForward.workspace(shape);
            a[0] = new double[inputSize];
            return a;
        });
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public void probabilities(double[] examples, int count, double[] out) {
        Classifier.checkBatch(inputSize, examples, count, out);
        double[][] a = workspace.get();
        for (int e = 0; e < count; e++) {
            double[] x = examples;
            if (examples.length != inputSize) {
                System.arraycopy(examples, e * inputSize, a[0], 0, inputSize);
                x = a[0];
            }
            out[e] = SingleExampleForward.probability(parameters, x, a);
        }
    }

    /** One example without copying or allocating: the scorer's call. */
    @Override
    public double probability(double[] example) {
        return SingleExampleForward.probability(parameters, example, workspace.get());
    }
}
