package io.catstream.nn.layered;

import io.catstream.nn.NetworkShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A network's layers and the shape of its input: what a model file stores and {@code train --arch} takes.
 * The article's fully connected network is the special case of dense layers only ({@link #dense}).
 * Rules: at least one layer, the last is {@code dense1} (sigmoid), no convolution or pooling ({@code pool},
 * {@code gap}) after a dense layer (a dense layer flattens); dropout may stand anywhere before the last layer.
 * Batch-normalised layers ({@code convbnN}, {@code densebnN}) may stand wherever their plain forms may, except last.
 */
public record Architecture(TensorShape input, List<LayerSpec> layers) {

    public Architecture {
        if (input == null) {
            throw new IllegalArgumentException("an architecture needs an input shape");
        }
        layers = List.copyOf(layers);
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Dense last) || last.units() != 1
                || last.normalised()) {
            throw new IllegalArgumentException("the last layer of a binary classifier is dense1, got " + tokens(layers));
        }
        boolean flat = false;
        TensorShape shape = input;
        for (LayerSpec layer : layers) {
            if (flat && layer.isSpatial()) {
                throw new IllegalArgumentException(layer.token() + " after a dense layer in " + tokens(layers)
                        + ": convolutions and pooling (pool, gap) come before the dense layers");
            }
            flat |= layer instanceof LayerSpec.Dense;
            shape = layer.outputShape(shape);
        }
    }

    /** Parses {@code "conv16,pool,conv32,pool,dense64,dense1"} for an input of {@code input}. */
    public static Architecture parse(String text, TensorShape input) {
        List<LayerSpec> layers = Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).map(LayerSpec::parse).toList();
        return new Architecture(input, layers);
    }

    /** The article's kind of network: dense layers on the flattened input ({@code dims[0]} values). */
    public static Architecture dense(NetworkShape shape) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int l = 1; l <= shape.layers(); l++) {
            layers.add(new LayerSpec.Dense(shape.size(l)));
        }
        return new Architecture(TensorShape.vector(shape.inputSize()), layers);
    }

    /** Whether every layer is plain dense: the article's network family, which {@link #toNetworkShape()} describes. */
    public boolean isDenseOnly() {
        return layers.stream().allMatch(l -> l instanceof LayerSpec.Dense && !l.isNormalised());
    }

    /** Whether any layer is batch-normalised ({@code convbnN}, {@code densebnN}): a training-time network. */
    public boolean isNormalised() {
        return layers.stream().anyMatch(LayerSpec::isNormalised);
    }

    /** The same network with every batch-normalised layer in its plain form: what {@link LayeredNetwork#folded()} runs. */
    public Architecture withoutNormalisation() {
        return new Architecture(input, layers.stream().map(Architecture::plain).toList());
    }

    private static LayerSpec plain(LayerSpec layer) {
        if (layer instanceof LayerSpec.Conv conv) {
            return new LayerSpec.Conv(conv.filters());
        }
        if (layer instanceof LayerSpec.Dense dense) {
            return new LayerSpec.Dense(dense.units());
        }
        return layer;
    }

    /** The dense-only network as the article's layer sizes; fails for a network with convolutions. */
    public NetworkShape toNetworkShape() {
        if (!isDenseOnly()) {
            throw new IllegalStateException(this + " has convolutions: it is not a list of dense layer sizes");
        }
        int[] dims = new int[layers.size() + 1];
        dims[0] = Math.toIntExact(input.size());
        for (int i = 0; i < layers.size(); i++) {
            dims[i + 1] = ((LayerSpec.Dense) layers.get(i)).units();
        }
        return new NetworkShape(dims);
    }

    /** Output shape of every layer, in order (the last is 1×1×1). */
    public List<TensorShape> outputShapes() {
        List<TensorShape> shapes = new ArrayList<>();
        TensorShape shape = input;
        for (LayerSpec layer : layers) {
            shape = layer.outputShape(shape);
            shapes.add(shape);
        }
        return shapes;
    }

    /**
     * The parameter arrays in storage order: W1, b1, W2, b2, ... numbered over the layers that have parameters, then,
     * for each batch-normalised layer k in order, {@code gamma<k>} (its scale γ), {@code mean<k>} and {@code var<k>}
     * (its running statistics, which the cost does not depend on: their gradient is always 0). A normalised layer's
     * {@code b<k>} is batch normalisation's shift β: a bias before the normalisation would be subtracted again with
     * the mean.
     */
    public List<ParamSpec> parameters() {
        List<ParamSpec> specs = new ArrayList<>();
        List<ParamSpec> normalisation = new ArrayList<>();
        TensorShape shape = input;
        int k = 0;
        for (LayerSpec layer : layers) {
            if (layer.hasParameters()) {
                k++;
                TensorShape out = layer.outputShape(shape);
                int rows = out.channels();
                int cols = layer instanceof LayerSpec.Conv
                        ? LayerSpec.Conv.KERNEL * LayerSpec.Conv.KERNEL * shape.channels() : Math.toIntExact(shape.size());
                specs.add(new ParamSpec("W" + k, rows, cols));
                specs.add(new ParamSpec("b" + k, rows, 1));
                if (layer.isNormalised()) {
                    for (String name : NORMALISATION_ARRAYS) {
                        normalisation.add(new ParamSpec(name + k, rows, 1));
                    }
                }
            }
            shape = layer.outputShape(shape);
        }
        specs.addAll(normalisation);
        return specs;
    }

    /** Per batch-normalised layer, in this order after all W, b pairs: γ and the running mean and variance. */
    static final List<String> NORMALISATION_ARRAYS = List.of("gamma", "mean", "var");

    /** Number of layers with a W and b, i.e. of W, b pairs at the start of {@link #parameters()}. */
    public int weightedLayers() {
        return (int) layers.stream().filter(LayerSpec::hasParameters).count();
    }

    public long parameterCount() {
        return parameters().stream().mapToLong(ParamSpec::count).sum();
    }

    /** Number of input values per example (H·W·C). */
    public int inputSize() {
        return Math.toIntExact(input.size());
    }

    /** The layers as {@link #parse} reads them. */
    public String layerTokens() {
        return tokens(layers);
    }

    private static String tokens(List<LayerSpec> layers) {
        return layers.stream().map(LayerSpec::token).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return input + " -> " + layerTokens();
    }
}
