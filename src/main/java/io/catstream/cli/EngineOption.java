package io.catstream.cli;

import io.catstream.model.Classifiers;
import io.catstream.model.InvalidModelException;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ScoringEngine;
import io.catstream.nn.layered.Classifier;
import picocli.CommandLine.Option;

/** {@code --engine}: which engine scores a catstream network, the same choice in serve, evaluate and predict. */
final class EngineOption {

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "auto",
            description = "Which engine scores a catstream network: auto (ONNX Runtime for networks with convolutions, "
                    + "catstream's own for dense ones: the faster as measured, docs/onnx.md), catstream or onnx-runtime. "
                    + "An imported ONNX model always runs on ONNX Runtime (default: ${DEFAULT-VALUE}).")
    String engine;

    ScoringEngine engine() {
        try {
            return ScoringEngine.parse(engine);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage() + " (--engine)", e);
        }
    }

    /** The model's classifier on the chosen engine (the scorer's path: {@link Classifiers#of}). */
    Classifier classifier(ModelArtifact model) {
        try {
            return Classifiers.of(model, engine());
        } catch (InvalidModelException e) {
            throw new UserError("cannot score model '" + model.name() + "' with --engine " + engine + ": " + e.getMessage(), e);
        }
    }
}
