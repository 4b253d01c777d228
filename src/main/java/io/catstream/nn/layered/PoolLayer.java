package io.catstream.nn.layered;

import java.util.Arrays;
import java.util.List;

/**
 * 2×2 max-pooling, stride 2; an odd last row or column is never read (and gets no gradient). Remembers where
 * each maximum came from; on a tie the first of (top left, top right, bottom left, bottom right) wins.
 */
final class PoolLayer extends Layer {

    private final TensorShape in;
    private final TensorShape out;
    private final int[] argmax;

    PoolLayer(TensorShape in, TensorShape out) {
        super(out);
        this.in = in;
        this.out = out;
        this.argmax = new int[output.length];
    }

    @Override
    void forward(double[] input, PreparedWeights weights) {
        int c = in.channels();
        int row = in.width() * c;
        int o = 0;
        for (int oy = 0; oy < out.height(); oy++) {
            for (int ox = 0; ox < out.width(); ox++) {
                int topLeft = (2 * oy * in.width() + 2 * ox) * c;
                for (int ch = 0; ch < c; ch++, o++) {
                    int best = topLeft + ch;
                    best = input[best + c] > input[best] ? best + c : best;
                    best = input[topLeft + ch + row] > input[best] ? topLeft + ch + row : best;
                    best = input[topLeft + ch + row + c] > input[best] ? topLeft + ch + row + c : best;
                    argmax[o] = best;
                    output[o] = input[best];
                }
            }
        }
    }

    @Override
    void backward(double[] input, double[] inputGradient, PreparedWeights weights, List<double[]> gradients) {
        if (inputGradient == null) {
            return;
        }
        Arrays.fill(inputGradient, 0.0);
        for (int o = 0; o < argmax.length; o++) {
            inputGradient[argmax[o]] = outputGradient[o];
        }
    }
}
