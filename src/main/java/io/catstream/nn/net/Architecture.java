package io.catstream.nn.net;

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
 */
public record Architecture(TensorShape input, List<LayerSpec> layers) {

    public Architecture {
        if (input == null) {
            throw new IllegalArgumentException("an architecture needs an input shape");
        }
        layers = List.copyOf(layers);
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Dense last) || last.units() != 1) {
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

    /** Whether every layer is dense: the article's network family, which {@link #toNetworkShape()} describes. */
    public boolean isDenseOnly() {
        return layers.stream().allMatch(l -> l instanceof LayerSpec.Dense);
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

    /** The parameter arrays in storage order: W1, b1, W2, b2, ... numbered over the layers that have parameters. */
    public List<ParamSpec> parameters() {
        List<ParamSpec> specs = new ArrayList<>();
        TensorShape shape = input;
        int k = 0;
        for (LayerSpec layer : layers) {
            if (layer instanceof LayerSpec.Conv conv) {
                k++;
                specs.add(new ParamSpec("W" + k, conv.filters(), LayerSpec.Conv.KERNEL * LayerSpec.Conv.KERNEL * shape.channels()));
                specs.add(new ParamSpec("b" + k, conv.filters(), 1));
            } else if (layer instanceof LayerSpec.Dense dense) {
                k++;
                specs.add(new ParamSpec("W" + k, dense.units(), Math.toIntExact(shape.size())));
                specs.add(new ParamSpec("b" + k, dense.units(), 1));
            }
            shape = layer.outputShape(shape);
        }
        return specs;
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
