package io.catstream.nn.net;

import java.util.Arrays;
import java.util.List;

/**
 * Fully connected, {@code z = W·x + b} with W {@code units × inputs} as in the article; ReLU for a hidden layer.
 * The network's last layer keeps the logit z (no sigmoid here): the cost works from the logit, which stays
 * finite where a probability of exactly 0 or 1 would not.
 */
final class DenseLayer implements Layer {

    private final int inputs;
    private final int units;
    private final int index;
    private final boolean relu;
    private final double[] output;
    private final double[] outGradient;

    DenseLayer(int inputs, int units, int index, boolean relu) {
        this.inputs = inputs;
        this.units = units;
        this.index = index;
        this.relu = relu;
        this.output = new double[units];
        this.outGradient = new double[units];
    }

    @Override
    public double[] output() {
        return output;
    }

    @Override
    public double[] outputGradient() {
        return outGradient;
    }

    @Override
    public void forward(double[] input, PreparedWeights weights) {
        Kernels.MATRIX_VECTOR.mult(weights.weights(index), units, inputs, input, output);
        double[] b = weights.bias(index);
        for (int j = 0; j < units; j++) {
            double z = output[j] + b[j];
            output[j] = relu ? Math.max(0.0, z) : z;
        }
    }

    @Override
    public void backward(double[] input, double[] inputGradient, PreparedWeights weights, List<double[]> gradients) {
        double[] w = weights.weights(index);
        double[] dw = gradients.get(2 * index);
        double[] db = gradients.get(2 * index + 1);
        if (inputGradient != null) {
            Arrays.fill(inputGradient, 0.0);
        }
        for (int j = 0; j < units; j++) {
            double dz = relu && output[j] <= 0 ? 0.0 : outGradient[j];
            if (dz == 0.0) {
                continue; // a unit ReLU switched off contributes nothing: skip its two row sweeps
            }
            db[j] += dz;
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
