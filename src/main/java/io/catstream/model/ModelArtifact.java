package io.catstream.model;

import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A trained network with everything needed to use and audit it: its name, how images become its input,
 * how it was trained, free-form {@code extra} strings, and the weights. The unit that {@link ModelCodec}
 * writes to a file (or a Kafka record value) and reads back.
 * <p>
 * The constructor copies {@code parameters}; {@link #parameters()} returns the artifact's own matrices, which
 * callers must treat as read-only ({@link Parameters#copy()} to train further). Whether the artifact is
 * usable (finite weights, matching contract) is {@link ModelValidator}'s job, not the constructor's.
 */
public record ModelArtifact(String name, InputContract input, TrainingFacts training, Map<String, String> extra,
                            Parameters parameters) {

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
        Objects.requireNonNull(parameters, "parameters");
        extra = extra == null ? Map.of() : Map.copyOf(extra);
        parameters = parameters.copy();
    }

    public static ModelArtifact of(String name, InputContract input, TrainingFacts training, Parameters parameters) {
        return new ModelArtifact(name, input, training, Map.of(), parameters);
    }

    public NetworkShape shape() {
        return parameters.shape();
    }

    /** SHA-256 (hex) of the parameter section as {@link ModelCodec} writes it: W1, b1, ..., WL, bL, float64 LE. */
    public String parametersSha256() {
        return Sha256.hex(ParameterLayout.of(shape()).toBytes(parameters));
    }

    public ModelArtifact withName(String newName) {
        return new ModelArtifact(newName, input, training, extra, parameters);
    }

    /** Equal when every field is equal and every weight and bias is bit for bit the same. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelArtifact other
                && name.equals(other.name)
                && input.equals(other.input)
                && training.equals(other.training)
                && extra.equals(other.extra)
                && sameParameters(parameters, other.parameters);
    }

    private static boolean sameParameters(Parameters a, Parameters b) {
        if (!a.shape().equals(b.shape())) {
            return false;
        }
        for (int l = 1; l <= a.layers(); l++) {
            // Arrays.equals on double[] compares bit patterns (doubleToLongBits), as a byte comparison would.
            if (!Arrays.equals(a.weights(l).data, b.weights(l).data) || !Arrays.equals(a.bias(l).data, b.bias(l).data)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, input, training, extra, parameters.shape());
    }

    @Override
    public String toString() {
        return "ModelArtifact[" + name + ", dims " + shape() + ", " + input + ", recipe " + training.recipe() + "]";
    }
}
