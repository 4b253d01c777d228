package io.catstream.model;

import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import io.catstream.nn.layered.Architecture;
import io.catstream.onnx.OnnxGraph;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A trained network with everything needed to use and audit it: its name, how images become its input,
 * how it was trained, free-form {@code extra} strings, its {@link NetworkWeights} (architecture and parameter
 * arrays) and, optionally, the {@link ModelReference} of its held-out split (null when the trainer wrote none). The unit that {@link ModelCodec} writes to a file (or a Kafka record value) and reads back.
 * <p>
 * A dense-only model (the article's network) exposes {@link #parameters()} and {@link #shape()} as before; a model
 * with convolutions exposes {@link #arrays()} and is scored through {@link Classifiers#of(ModelArtifact)}. The
 * constructors copy the weights they are given; the accessors return the artifact's own arrays, which callers must
 * treat as read-only ({@link Parameters#copy()} to train further). Whether the artifact is usable (finite weights,
 * matching contract) is {@link ModelValidator}'s job, not the constructor's.
 * <p>
 * An imported ONNX model ({@link #isOnnx()}, format version 3) carries its {@link OnnxGraph} instead of weights:
 * it has no {@link #architecture()} and no {@link #arrays()}, and is scored through ONNX Runtime after the same
 * preprocessing (its {@link #input()} contract) as every other model.
 */
public record ModelArtifact(String name, InputContract input, TrainingFacts training, Map<String, String> extra,
                            NetworkWeights weights, ModelReference reference, BacktestResult backtest) {

    public static final String DEFAULT_NAME = "catstream";

    /** Printable, no slashes or spaces: safe as a file name, a Kafka key and a metric tag. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public ModelArtifact {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model name must be 1-128 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit, e.g. '" + DEFAULT_NAME + "', got " + (name == null ? "null" : "'" + name + "'"));
        }
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(weights, "weights");
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** Without a backtest (every model file {@code publish --backtest} did not write). */
    public ModelArtifact(String name, InputContract input, TrainingFacts training, Map<String, String> extra,
                         NetworkWeights weights, ModelReference reference) {
        this(name, input, training, extra, weights, reference, null);
    }

    /** Without a {@link ModelReference} (models before issue #17, imported ones): scored as usual, no PSI. */
    public ModelArtifact(String name, InputContract input, TrainingFacts training, Map<String, String> extra,
                         NetworkWeights weights) {
        this(name, input, training, extra, weights, null);
    }

    /** A dense-only model (the article's network); copies {@code parameters}. */
    public ModelArtifact(String name, InputContract input, TrainingFacts training, Map<String, String> extra,
                         Parameters parameters) {
        this(name, input, training, extra, NetworkWeights.of(Objects.requireNonNull(parameters, "parameters")));
    }

    public static ModelArtifact of(String name, InputContract input, TrainingFacts training, Parameters parameters) {
        return new ModelArtifact(name, input, training, Map.of(), parameters);
    }

    /** A model of any architecture; copies {@code arrays} (one per {@link Architecture#parameters()} entry). */
    public static ModelArtifact of(String name, InputContract input, TrainingFacts training, Map<String, String> extra,
                                   Architecture architecture, List<double[]> arrays) {
        return new ModelArtifact(name, input, training, extra, NetworkWeights.of(architecture, arrays));
    }

    /** An imported ONNX model; copies the graph's bytes. */
    public static ModelArtifact ofOnnx(String name, InputContract input, TrainingFacts training, Map<String, String> extra,
                                       OnnxGraph graph) {
        return new ModelArtifact(name, input, training, extra, NetworkWeights.of(graph));
    }

    /** @throws IllegalStateException for an imported ONNX model ({@link #isOnnx()}) */
    public Architecture architecture() {
        return weights.architecture();
    }

    public boolean isOnnx() {
        return weights.isOnnx();
    }

    /** The imported ONNX model's graph, or null for catstream's own networks. */
    public OnnxGraph onnx() {
        return weights.onnx();
    }

    public boolean isDenseOnly() {
        return weights.isDenseOnly();
    }

    /** The parameter arrays in storage order (W1, b1, ...); the artifact's own, read-only. */
    public List<double[]> arrays() {
        return weights.arrays();
    }

    /**
     * The dense-only model's weights as the article's matrices.
     *
     * @throws IllegalStateException for a model with convolutions
     */
    public Parameters parameters() {
        return weights.parameters();
    }

    /**
     * The dense-only model's layer sizes.
     *
     * @throws IllegalStateException for a model with convolutions
     */
    public NetworkShape shape() {
        return weights.shape();
    }

    /** The architecture for people: {@code 49152,20,7,5,1} (dims) or {@code 64x64x3 -> conv16,pool,...,dense1}. */
    public String describeNetwork() {
        return isOnnx() ? onnx().toString() : isDenseOnly() ? shape().toString() : architecture().toString();
    }

    /**
     * SHA-256 (hex) of the parameter section as {@link ModelCodec} writes it: the arrays in storage order, float64 LE;
     * for an ONNX model, its ONNX bytes.
     */
    public String parametersSha256() {
        if (isOnnx()) {
            return Sha256.hex(onnx().bytesReadOnly());
        }
        return Sha256.hex(ParameterLayout.of(architecture()).toBytes(arrays()));
    }

    public ModelArtifact withName(String newName) {
        return new ModelArtifact(newName, input, training, extra, weights, reference, backtest);
    }

    /** The same model with the held-out split's reference distributions (or none with null). */
    public ModelArtifact withReference(ModelReference newReference) {
        return new ModelArtifact(name, input, training, extra, weights, newReference, backtest);
    }

    /** The same model with a backtest's result attached (or none with null), as {@code publish --backtest} writes it. */
    public ModelArtifact withBacktest(BacktestResult newBacktest) {
        return new ModelArtifact(name, input, training, extra, weights, reference, newBacktest);
    }

    /** Equal when every field is equal and every weight and bias is bit for bit the same. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelArtifact other
                && name.equals(other.name)
                && input.equals(other.input)
                && training.equals(other.training)
                && extra.equals(other.extra)
                && weights.equals(other.weights)
                && Objects.equals(reference, other.reference)
                && Objects.equals(backtest, other.backtest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, input, training, extra, weights, reference, backtest);
    }

    @Override
    public String toString() {
        return "ModelArtifact[" + name + ", " + weights + ", " + input + ", recipe " + training.recipe() + "]";
    }
}
