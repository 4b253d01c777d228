package io.catstream.onnx;

import java.util.Arrays;
import java.util.Objects;

/**
 * An ONNX model as catstream carries it: the serialized {@code ModelProto} bytes, unchanged, plus the two facts
 * ONNX does not say and catstream needs to score with it: the layout of its image tensor and the rule that turns
 * its output into p(cat). The preprocessing (size, scaling, standardisation) is the model's ordinary input contract.
 * Equal when the bytes are the same and the layout and rule are equal.
 */
public record OnnxGraph(byte[] bytes, TensorLayout layout, OutputRule output) {

    public OnnxGraph {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(output, "output");
        bytes = bytes.clone();
    }

    /** The bytes; a copy (callers may change it). */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes without a copy, for writing and loading: callers must not change them. */
    public byte[] bytesReadOnly() {
        return bytes;
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OnnxGraph other && Arrays.equals(bytes, other.bytes) && layout == other.layout
                && output.equals(other.output);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(bytes), layout, output);
    }

    @Override
    public String toString() {
        return "onnx " + bytes.length + " bytes, " + layout.token() + " input, output " + output.token();
    }
}
