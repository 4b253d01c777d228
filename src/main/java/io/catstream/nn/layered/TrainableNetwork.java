package io.catstream.nn.layered;

import java.util.List;

/**
 * A network that gradient-based training can move: its parameter arrays (updated in place by an optimiser)
 * and the cost with its gradient on a mini-batch. Regularisation (L2) and the update rule are the training
 * loop's business, not the network's.
 */
public interface TrainableNetwork extends Classifier {

    Architecture architecture();

    /** The architecture's input size: a trainable network's input is what its architecture says. */
    @Override
    default int inputSize() {
        return architecture().inputSize();
    }

    /** The parameter arrays in {@link Architecture#parameters()} order, row-major; live, not copies. */
    List<double[]> parameters();

    /**
     * Mean cross-entropy of {@code count} examples (stored as in {@link #probabilities}) with labels
     * {@code labels[0..count)} (0 or 1), and its gradient: {@code gradients} (same sizes as {@link #parameters()})
     * is overwritten with d cost / d parameter.
     */
    double costAndGradients(double[] examples, double[] labels, int count, List<double[]> gradients);

    /**
     * The network a model file stores: the same probabilities, in layers the model format has. Batch normalisation
     * is folded into the weights before it ({@link LayeredNetwork#folded()}); other networks are that already.
     */
    default TrainableNetwork folded() {
        return this;
    }
}
