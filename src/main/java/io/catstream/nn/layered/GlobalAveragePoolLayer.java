package io.catstream.nn.layered;

import java.util.Arrays;
import java.util.List;

/**
 * Global average pooling: {@code out[c] = Σ_p in[p, c] / P} over the {@code P = H·W} positions. Each input value
 * weighs 1/P in its channel's mean, so the backward pass spreads {@code dOut[c] / P} evenly over the positions.
 */
final class GlobalAveragePoolLayer extends Layer {

    private final int positions;
    private final int channels;

    GlobalAveragePoolLayer(TensorShape in) {
        super(TensorShape.vector(in.channels()));
        this.positions = in.height() * in.width();
        this.channels = in.channels();
    }

    @Override
    void forward(double[] input, PreparedWeights weights) {
        Arrays.fill(output, 0.0);
        for (int p = 0, i = 0; p < positions; p++) {
            for (int c = 0; c < channels; c++, i++) {
                output[c] += input[i];
            }
        }
        for (int c = 0; c < channels; c++) {
            output[c] /= positions;
        }
    }

    @Override
    void backward(double[] input, double[] inputGradient, PreparedWeights weights, List<double[]> gradients) {
        if (inputGradient == null) {
            return;
        }
        for (int p = 0, i = 0; p < positions; p++) {
            for (int c = 0; c < channels; c++, i++) {
                // d out[c] / d in[p, c] = 1/P
                inputGradient[i] = outputGradient[c] / positions;
            }
        }
    }
}
