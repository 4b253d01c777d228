package io.catstream.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which engine scores a catstream network (docs/onnx.md, "Which engine scores what"). An imported ONNX model is
 * always scored by ONNX Runtime: there is no catstream forward for a foreign graph.
 */
public enum ScoringEngine {
    /** catstream's own forward in float64: {@code DenseClassifier} for dense-only networks, {@code LayeredNetwork} otherwise. */
    CATSTREAM("catstream"),
    /** The network exported to ONNX in memory (export-onnx's graph) and scored by ONNX Runtime in float32. */
    ONNX_RUNTIME("onnx-runtime"),
    /**
     * The faster one as measured (make bench-onnx): ONNX Runtime for networks with convolutions (7.1× catstream's
     * engine on the recommended CNN), catstream's engine for dense-only networks such as the article's.
     */
    AUTO("auto");

    private final String token;

    ScoringEngine(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static ScoringEngine parse(String text) {
        for (ScoringEngine engine : values()) {
            if (engine.token.equals(text)) {
                return engine;
            }
        }
        throw new IllegalArgumentException("invalid value '" + text + "' for the engine: one of " + tokens());
    }

    public static String tokens() {
        return Arrays.stream(values()).map(ScoringEngine::token).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return token;
    }
}
