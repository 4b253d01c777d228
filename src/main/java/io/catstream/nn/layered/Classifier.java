package io.catstream.nn.layered;

/**
 * A trained network that turns preprocessed images into cat probabilities: what the scorer and
 * {@code evaluate} call, whatever layers the network has. Implementations do not change after construction and
 * are safe to call from several threads at once.
 */
public interface Classifier {

    /** p(cat) above this is a cat: the one decision rule of the scorer, {@code evaluate} and {@code predict}. */
    double CAT_THRESHOLD = 0.5;

    /** The label a probability stands for. */
    static boolean isCat(double probability) {
        return probability > CAT_THRESHOLD;
    }

    /** Values per example (H·W·C of the input), what the preprocessing contract must produce. */
    int inputSize();

    /**
     * Probabilities for {@code count} examples stored one after another in {@code examples} (each
     * {@link #inputSize()} values, H·W·C order), written to {@code out[0..count)}.
     */
    void probabilities(double[] examples, int count, double[] out);

    /** Fails unless {@code count} examples of {@code inputSize} values fit {@code examples} and {@code out}. */
    static void checkBatch(int inputSize, double[] examples, int count, double[] out) {
        if (count < 0 || (long) count * inputSize > examples.length || count > out.length) {
            throw new IllegalArgumentException(count + " examples of " + inputSize + " values do not fit arrays of "
                    + examples.length + " and " + out.length);
        }
    }

    /** One example's probability (a convenience over {@link #probabilities}). */
    default double probability(double[] example) {
        double[] out = new double[1];
        probabilities(example, 1, out);
        return out[0];
    }
}
