package io.catstream.nn.layered;

import java.util.Arrays;
import java.util.List;

/**
 * Fully connected, {@code z = W·x + b} with W {@code units × inputs} as in the article; ReLU for a hidden layer.
 * The network's last layer keeps the logit z (no sigmoid here): the cost works from the logit, which stays
 * finite where a probability of exactly 0 or 1 would not. Before batch normalisation ({@code normalised}) it
 * outputs {@code W·x} alone: the normalisation's β takes the bias's place and it applies the ReLU.
 */
final class DenseLayer extends Layer {

    private final int inputs;
    private final int units;
    private final int index;
    private final boolean relu;
    private final boolean normalised;

    DenseLayer(int inputs, int units, int index, boolean relu, boolean normalised) {
        super(TensorShape.vector(units));
        this.inputs = inputs;
        this.units = units;
        this.index = index;
        this.relu = relu && !normalised;
        this.normalised = normalised;
    }

    @Override
    void forward(double[] input, PreparedWeights weights) {
        Kernels.MATRIX_VECTOR.mult(weights.weights(index), units, inputs, input, output);
        if (normalised) {
            return;
        }
        double[] b = weights.bias(index);
        for (int j = 0; j < units; j++) {
            double z = output[j] + b[j];
            output[j] = relu ? Math.max(0.0, z) : z;
        }
    }

    @Override
    void backward(double[] input, double[] inputGradient, PreparedWeights weights, List<double[]> gradients) {
        double[] w = weights.weights(index);
        double[] dw = gradients.get(2 * index);
        double[] db = gradients.get(2 * index + 1);
        if (inputGradient != null) {
            Arrays.fill(inputGradient, 0.0);
        }
        for (int j = 0; j < units; j++) {
            double dz = relu && output[j] <= 0 ? 0.0 : outputGradient[j];
            if (dz == 0.0) {
                continue; // a unit ReLU switched off contributes nothing: skip its two row sweeps
            }
            if (!normalised) {
                db[j] += dz;
            }
            int row = j * inputs;
            // dW += dz·xᵀ ; dx += Wᵀ·dz
            for (int i = 0; i < inputs; i++) {
                dw[row + i] += dz * input[i];
            }
            if (inputGradient != null) {
                for (int i = 0; i < inputs; i++) {
                    inputGradient[i] += dz * w[row + i];
                }
            }
        }
    }
}
