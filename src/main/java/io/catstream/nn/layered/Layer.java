package io.catstream.nn.layered;

import java.util.ArrayList;
import java.util.List;

/**
 * One layer running one example at a time, with its own output, output-gradient and scratch arrays: instances
 * belong to one {@link ExampleWorkspace}, hence to one thread at a time, and allocate nothing per example.
 */
abstract sealed class Layer permits ConvLayer, BatchNormLayer, PoolLayer, GlobalAveragePoolLayer, DropoutLayer,
        DenseLayer {

    /** The last forward pass's output: after ReLU, or the logit for the network's last layer. */
    final double[] output;
    /** d cost / d {@link #output}, set by the next layer's backward pass (or by the cost); overwritten here. */
    final double[] outputGradient;

    Layer(TensorShape out) {
        this.output = new double[Math.toIntExact(out.size())];
        this.outputGradient = new double[output.length];
    }

    abstract void forward(double[] in, PreparedWeights weights);

    /**
     * After {@link #forward} on {@code in}: adds this example's parameter gradients to {@code gradients} and,
     * unless {@code inputGradient} is null (the first layer), writes d cost / d {@code in} into it.
     */
    abstract void backward(double[] in, double[] inputGradient, PreparedWeights weights, List<double[]> gradients);

    /**
     * Fresh instances for every layer of {@code architecture}, in order; a batch-normalised layer becomes two, its
     * linear part and a {@link BatchNormLayer}.
     */
    static List<Layer> instantiate(Architecture architecture) {
        List<Layer> layers = new ArrayList<>();
        TensorShape shape = architecture.input();
        int weighted = 0;
        int nextGamma = 2 * architecture.weightedLayers();
        int last = architecture.layers().size() - 1;
        for (int i = 0; i <= last; i++) {
            LayerSpec spec = architecture.layers().get(i);
            TensorShape out = spec.outputShape(shape);
            boolean normalised = spec.isNormalised();
            if (spec instanceof LayerSpec.Conv) {
                layers.add(new ConvLayer(shape, out, weighted, normalised));
            } else if (spec instanceof LayerSpec.Dense) {
                layers.add(new DenseLayer(Math.toIntExact(shape.size()), out.channels(), weighted, i < last, normalised));
            } else if (spec instanceof LayerSpec.MaxPool) {
                layers.add(new PoolLayer(shape, out));
            } else if (spec instanceof LayerSpec.GlobalAveragePool) {
                layers.add(new GlobalAveragePoolLayer(shape));
            } else if (spec instanceof LayerSpec.Dropout dropout) {
                layers.add(new DropoutLayer(shape, dropout.probability(), i));
            } else {
                throw new IllegalArgumentException("no layer class runs " + spec.token());
            }
            if (normalised) {
                layers.add(new BatchNormLayer(out, weighted, nextGamma));
                nextGamma += Architecture.NORMALISATION_ARRAYS.size();
            }
            if (spec.hasParameters()) {
                weighted++;
            }
            shape = out;
        }
        return layers;
    }
}
