package io.catstream.nn.layered;

import java.util.List;

/**
 * Inverted dropout ({@link LayerSpec.Dropout}): {@code out = in ⊙ mask} while training, with a mask of zeros and
 * {@code 1 / (1 − p)} drawn per example from its {@link DropoutBatch}; {@code out = in} when scoring. The mask
 * stays set until the next forward pass, which is what the backward pass of the same example multiplies by.
 */
final class DropoutLayer extends Layer {

    private final double probability;
    /** This layer's position in the architecture: one of the coordinates its masks are seeded from. */
    private final int position;
    private final double[] mask;
    private boolean training;

    DropoutLayer(TensorShape shape, double probability, int position) {
        super(shape);
        this.probability = probability;
        this.position = position;
        this.mask = new double[output.length];
    }

    /** The next forward pass scores: the input goes through unchanged. */
    void score() {
        training = false;
    }

    /** The next forward pass trains on example {@code example} of {@code batch}: draws its mask. */
    void train(DropoutBatch batch, int example) {
        training = true;
        DropoutBatch.fill(mask, probability, batch.seed(example, position));
    }

    @Override
    void forward(double[] input, PreparedWeights weights) {
        if (!training) {
            System.arraycopy(input, 0, output, 0, output.length);
            return;
        }
        for (int i = 0; i < output.length; i++) {
            output[i] = input[i] * mask[i];
        }
    }

    @Override
    void backward(double[] input, double[] inputGradient, PreparedWeights weights, List<double[]> gradients) {
        if (inputGradient == null) {
            return;
        }
        if (!training) {
            throw new IllegalStateException("backward through dropout after a scoring pass: train() draws the mask first");
        }
        // d out[i] / d in[i] = mask[i]
        for (int i = 0; i < output.length; i++) {
            inputGradient[i] = outputGradient[i] * mask[i];
        }
    }
}
