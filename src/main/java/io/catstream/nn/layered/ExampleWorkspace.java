package io.catstream.nn.layered;

import java.util.List;

/**
 * Everything one thread needs to run one example forward and backward through a network: the layers with their
 * arrays (a few MB for the 64×64 CNN) and a copy of the example. Used by one thread at a time; a
 * {@link LayeredNetwork} keeps a pool of them so that concurrent callers never share one.
 *
 * <p>The layers can also be run in ranges ({@link #forward(int, int, PreparedWeights)}, {@link #backward}), which
 * is how a batch with batch normalisation stops at each normalisation until the whole batch's statistics are known
 * ({@link NormalisedTraining}).
 */
final class ExampleWorkspace {

    private final double[] input;
    private final List<Layer> layers;
    private final List<DropoutLayer> dropouts;
    private final List<BatchNormLayer> normalisations;

    ExampleWorkspace(Architecture architecture) {
        this.input = new double[architecture.inputSize()];
        this.layers = Layer.instantiate(architecture);
        this.dropouts = layers.stream().filter(DropoutLayer.class::isInstance).map(DropoutLayer.class::cast).toList();
        this.normalisations = layers.stream().filter(BatchNormLayer.class::isInstance).map(BatchNormLayer.class::cast).toList();
    }

    /**
     * Scores example {@code e} of {@code examples} (dropout passes everything through, batch normalisation uses the
     * running statistics); returns the last layer's logit.
     */
    double logit(double[] examples, int e, PreparedWeights weights) {
        dropouts.forEach(DropoutLayer::score);
        normalisations.forEach(BatchNormLayer::score);
        load(examples, e);
        return forward(0, layers.size(), weights);
    }

    /**
     * Runs example {@code e} of a training batch forward, with the dropout masks {@code batch} draws for it;
     * returns the logit. {@link #addGradients} then goes back through the same masks. Not for networks with batch
     * normalisation, whose examples need each other ({@link #startTraining}).
     */
    double trainingLogit(double[] examples, int e, PreparedWeights weights, DropoutBatch batch) {
        startTraining(examples, e, batch, List.of());
        return forward(0, layers.size(), weights);
    }

    /**
     * Loads example {@code e} of a training batch and sets the layers to training: the dropout masks {@code batch}
     * draws for it, and the i-th normalisation layer to the batch statistics {@code statistics.get(i)}.
     */
    void startTraining(double[] examples, int e, DropoutBatch batch, List<BatchStatistics> statistics) {
        for (DropoutLayer dropout : dropouts) {
            dropout.train(batch, e);
        }
        for (int i = 0; i < statistics.size(); i++) {
            normalisations.get(i).train(statistics.get(i));
        }
        load(examples, e);
    }

    private void load(double[] examples, int e) {
        System.arraycopy(examples, e * input.length, input, 0, input.length);
    }

    /** Runs layers {@code [from, to)} forward on what the layer before {@code from} holds; returns layer {@code to − 1}'s first output. */
    double forward(int from, int to, PreparedWeights weights) {
        for (int i = from; i < to; i++) {
            layers.get(i).forward(inputOf(i), weights);
        }
        return layers.get(to - 1).output[0];
    }

    /** After {@link #trainingLogit}: adds this example's d cost / d parameters, given d cost / d logit, to {@code gradients}. */
    void addGradients(double logitGradient, PreparedWeights weights, List<double[]> gradients) {
        startBackward(logitGradient);
        backward(0, layers.size(), weights, gradients);
    }

    /** Sets d cost / d logit, where the backward pass starts. */
    void startBackward(double logitGradient) {
        layers.get(layers.size() - 1).outputGradient[0] = logitGradient;
    }

    /** Runs layers {@code to − 1} down to {@code from} backward, adding parameter gradients to {@code gradients}. */
    void backward(int from, int to, PreparedWeights weights, List<double[]> gradients) {
        for (int i = to - 1; i >= from; i--) {
            layers.get(i).backward(inputOf(i), i > 0 ? layers.get(i - 1).outputGradient : null, weights, gradients);
        }
    }

    private double[] inputOf(int layer) {
        return layer > 0 ? layers.get(layer - 1).output : input;
    }

    /** Number of layers (a batch-normalised layer counts two). */
    int layerCount() {
        return layers.size();
    }

    /** Positions of the {@link BatchNormLayer}s in the layer list, in order. */
    int[] normalisationPositions() {
        return normalisations.stream().mapToInt(layers::indexOf).toArray();
    }

    /** The input of layer {@code layer}: for a normalisation, the linear output it normalises. */
    double[] input(int layer) {
        return inputOf(layer);
    }

    BatchNormLayer normalisation(int i) {
        return normalisations.get(i);
    }
}
