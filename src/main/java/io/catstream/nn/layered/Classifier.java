package io.catstream.nn.layered;

/**
 * A trained network that turns preprocessed images into cat probabilities: what the scorer and
 * {@code evaluate} call, whatever layers the network has. Implementations do not change after construction and
 * are safe to call from several threads at once.
 */
public interface Classifier {

    /** Values per example (H·W·C of the input), what the preprocessing contract must produce. */
    int inputSize();

    /**
     * Probabilities for {@code count} examples stored one after another in {@code examples} (each
     * {@link #inputSize()} values, H·W·C order), written to {@code out[0..count)}.
     */
    void probabilities(double[] examples, int count, double[] out);

    /** One example's probability (a convenience over {@link #probabilities}). */
    default double probability(double[] example) {
        double[] out = new double[1];
        probabilities(example, 1, out);
        return out[0];
    }
}
