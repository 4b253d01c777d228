package io.catstream.nn.net;

import java.util.List;

/**
 * Everything one thread needs to run one example forward and backward through a network: the layers with their
 * arrays (a few MB for the 64×64 CNN) and a copy of the example. Used by one thread at a time; a
 * {@link LayeredNetwork} keeps a pool of them so that concurrent callers never share one.
 */
final class ExampleWorkspace {

    private final double[] input;
    private final List<Layer> layers;
    private final List<DropoutLayer> dropouts;

    ExampleWorkspace(Architecture architecture) {
        this.input = new double[architecture.inputSize()];
        this.layers = Layer.instantiate(architecture);
        this.dropouts = layers.stream().filter(DropoutLayer.class::isInstance).map(DropoutLayer.class::cast).toList();
    }

    /** Scores example {@code e} of {@code examples} (dropout passes everything through); returns the last layer's logit. */
    double logit(double[] examples, int e, PreparedWeights weights) {
        dropouts.forEach(DropoutLayer::score);
        return forward(examples, e, weights);
    }

    /**
     * Runs example {@code e} of a training batch forward, with the dropout masks {@code batch} draws for it;
     * returns the logit. {@link #addGradients} then goes back through the same masks.
     */
    double trainingLogit(double[] examples, int e, PreparedWeights weights, DropoutBatch batch) {
        for (DropoutLayer dropout : dropouts) {
            dropout.train(batch, e);
        }
        return forward(examples, e, weights);
    }

    private double forward(double[] examples, int e, PreparedWeights weights) {
        System.arraycopy(examples, e * input.length, input, 0, input.length);
        double[] in = input;
        for (Layer layer : layers) {
            layer.forward(in, weights);
            in = layer.output;
        }
        return in[0];
    }

    /** After {@link #trainingLogit}: adds this example's d cost / d parameters, given d cost / d logit, to {@code gradients}. */
    void addGradients(double logitGradient, PreparedWeights weights, List<double[]> gradients) {
        layers.get(layers.size() - 1).outputGradient[0] = logitGradient;
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer below = i > 0 ? layers.get(i - 1) : null;
            double[] in = below != null ? below.output : input;
            layers.get(i).backward(in, below != null ? below.outputGradient : null, weights, gradients);
        }
    }
}
