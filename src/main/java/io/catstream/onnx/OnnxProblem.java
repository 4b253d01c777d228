package io.catstream.onnx;

/**
 * Why ONNX Runtime cannot score with a graph as catstream would use it; the model package turns each into a refusal
 * reason of its own (and so a metric tag).
 */
public enum OnnxProblem {
    /** ONNX Runtime's native library does not load on this platform (the jar ships linux-x64 only). */
    RUNTIME_UNAVAILABLE,
    /** The bytes are not an ONNX model ONNX Runtime can parse or load (truncated, corrupt, invalid graph). */
    UNREADABLE,
    /** The graph uses an operator (or operator set, or domain) that this ONNX Runtime does not implement. */
    UNSUPPORTED_OPERATOR,
    /** Not exactly one float input of the contract's image shape in the declared layout. */
    INPUT_MISMATCH,
    /** Not exactly one float output with as many values per image as the output rule needs. */
    OUTPUT_MISMATCH,
    /** The output rule gives something that is not a finite probability in [0, 1] on the probe image. */
    NOT_A_PROBABILITY
}
