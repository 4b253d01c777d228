package io.catstream.model;

import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.ParamSpec;
import io.catstream.onnx.OnnxGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A network's {@link Architecture} and its parameter arrays in {@link Architecture#parameters()} order (W1, b1,
 * ..., row-major): what a model file stores after its header, for any layer types.
 * <p>
 * A dense-only network (the article's family) also keeps its arrays as {@link Parameters}, which share the very
 * same {@code double[]}s: the trainer, the golden tests and {@code SingleExampleForward} keep their cheap path,
 * and no weight is stored twice. Its architecture is kept in the canonical {@link Architecture#dense} form (a
 * flat input of {@code dims[0]} values): a dense layer flattens, so how the input splits into H×W×C carries no
 * meaning for it, and one form keeps equality and the version-1 encoding unique.
 * <p>
 * The public factories copy what they are given; the arrays returned are the object's own and must be treated
 * as read-only (as {@code ModelArtifact.parameters()} always was). Equal when the architectures are equal and
 * every array is bit for bit the same.
 * <p>
 * An imported ONNX model (issue #15) has no catstream architecture: it holds its {@link OnnxGraph} instead, no
 * arrays, and {@link #architecture()} fails for it ({@link #isOnnx()} first).
 */
public final class NetworkWeights {

    private final Architecture architecture;
    private final List<double[]> arrays;
    /** The same arrays as the article's matrices, for a dense-only network; null otherwise. */
    private final Parameters dense;
    /** The graph of an imported ONNX model; null for catstream's own networks. */
    private final OnnxGraph onnx;

    private NetworkWeights(Architecture architecture, List<double[]> arrays, Parameters dense) {
        this.architecture = architecture;
        this.arrays = List.copyOf(arrays);
        this.dense = dense;
        this.onnx = null;
    }

    private NetworkWeights(OnnxGraph onnx) {
        this.architecture = null;
        this.arrays = List.of();
        this.dense = null;
        this.onnx = Objects.requireNonNull(onnx, "onnx");
    }

    /** An imported ONNX model's graph (the record keeps its own copy of the bytes). */
    public static NetworkWeights of(OnnxGraph onnx) {
        return new NetworkWeights(onnx);
    }

    /** A copy of the article's weights and biases. */
    public static NetworkWeights of(Parameters parameters) {
        return adopt(parameters.copy());
    }

    /**
     * A copy of {@code arrays}, one per {@link Architecture#parameters()} entry with exactly its number of values.
     *
     * @throws IllegalArgumentException when the arrays do not fit the architecture, or it has batch normalisation
     *                                  (a model stores it folded: {@code LayeredNetwork.folded()})
     */
    public static NetworkWeights of(Architecture architecture, List<double[]> arrays) {
        Objects.requireNonNull(architecture, "architecture");
        if (architecture.isNormalised()) {
            throw new IllegalArgumentException(architecture + " has batch normalisation: fold it into the weights "
                    + "(LayeredNetwork.folded()) before making a model");
        }
        List<ParamSpec> specs = architecture.parameters();
        if (arrays.size() != specs.size()) {
            throw new IllegalArgumentException(architecture + " has " + specs.size() + " parameter arrays, got " + arrays.size());
        }
        for (int i = 0; i < specs.size(); i++) {
            if (arrays.get(i).length != specs.get(i).count()) {
                throw new IllegalArgumentException(specs.get(i).name() + " of " + architecture + " is " + specs.get(i).rows()
                        + "×" + specs.get(i).cols() + " = " + specs.get(i).count() + " values, got " + arrays.get(i).length);
            }
        }
        if (architecture.isDenseOnly()) {
            Parameters p = Parameters.zeros(architecture.toNetworkShape());
            List<double[]> targets = denseArrays(p);
            for (int i = 0; i < targets.size(); i++) {
                System.arraycopy(arrays.get(i), 0, targets.get(i), 0, targets.get(i).length);
            }
            return adopt(p);
        }
        return new NetworkWeights(architecture, arrays.stream().map(double[]::clone).toList(), null);
    }

    /** Takes {@code parameters} without copying (the codec, which has just filled them). */
    static NetworkWeights adopt(Parameters parameters) {
        return new NetworkWeights(Architecture.dense(parameters.shape()), denseArrays(parameters), parameters);
    }

    /** Takes the arrays of a network with convolutions without copying (the codec, which has just filled them). */
    static NetworkWeights adoptLayered(Architecture architecture, List<double[]> arrays) {
        if (architecture.isDenseOnly()) {
            throw new IllegalArgumentException("a dense-only network is adopted as Parameters: " + architecture);
        }
        return new NetworkWeights(architecture, arrays, null);
    }

    /** The live arrays of {@code p} in storage order W1, b1, ..., WL, bL. */
    static List<double[]> denseArrays(Parameters p) {
        List<double[]> arrays = new ArrayList<>();
        for (int l = 1; l <= p.layers(); l++) {
            arrays.add(p.weights(l).data);
            arrays.add(p.bias(l).data);
        }
        return arrays;
    }

    /**
     * The catstream architecture.
     *
     * @throws IllegalStateException for an imported ONNX model, which has none ({@link #isOnnx()})
     */
    public Architecture architecture() {
        if (onnx != null) {
            throw new IllegalStateException("an ONNX model has no catstream architecture (" + onnx + "): check isOnnx()");
        }
        return architecture;
    }

    public boolean isOnnx() {
        return onnx != null;
    }

    /** The ONNX graph of an imported model, or null for catstream's own networks. */
    public OnnxGraph onnx() {
        return onnx;
    }

    /** The arrays in storage order; the object's own, read-only for callers. */
    public List<double[]> arrays() {
        return arrays;
    }

    public boolean isDenseOnly() {
        return dense != null;
    }

    /**
     * The dense-only network's weights as the article's matrices (the object's own, read-only for callers).
     *
     * @throws IllegalStateException for a network with convolutions: use {@link #arrays()}
     */
    public Parameters parameters() {
        if (dense == null) {
            throw new IllegalStateException("the network " + architecture + " has convolutions: it has no dense "
                    + "Parameters; use arrays() or its Classifier");
        }
        return dense;
    }

    /** The dense-only network's layer sizes; fails like {@link #parameters()} for a network with convolutions. */
    public NetworkShape shape() {
        return parameters().shape();
    }

    public long parameterCount() {
        return arrays.stream().mapToLong(a -> a.length).sum();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NetworkWeights other) || !Objects.equals(onnx, other.onnx)
                || !Objects.equals(architecture, other.architecture)) {
            return false;
        }
        for (int i = 0; i < arrays.size(); i++) {
            // Arrays.equals on double[] compares bit patterns (doubleToLongBits), as a byte comparison would.
            if (!Arrays.equals(arrays.get(i), other.arrays.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return onnx != null ? onnx.hashCode() : architecture.hashCode();
    }

    @Override
    public String toString() {
        return onnx != null ? onnx.toString() : isDenseOnly() ? "dims " + dense.shape() : architecture.toString();
    }
}
