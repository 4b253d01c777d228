package io.catstream.model;

import io.catstream.nn.layered.Classifier;
import io.catstream.nn.layered.DenseClassifier;
import io.catstream.nn.layered.LayeredNetwork;

/**
 * The one place that turns a model into the {@link Classifier} the scorer, {@code evaluate} and {@code predict}
 * call, whatever its layers: a dense-only model keeps the article's fast single-example path, a model with
 * convolutions goes through the layered network, an imported ONNX model through ONNX Runtime
 * ({@code io.catstream.onnx.OnnxClassifier}). Build it once per model (the scorer does so at each swap).
 */
public final class Classifiers {

    private Classifiers() {
    }

    /**
     * @throws InvalidModelException for an ONNX model ONNX Runtime refuses (a validated model is not refused: the
     *                               validation opened the same graph with the same options)
     */
    public static Classifier of(ModelArtifact model) {
        if (model.isOnnx()) {
            return OnnxModels.classifier(model);
        }
        if (model.isDenseOnly()) {
            return new DenseClassifier(model.parameters());
        }
        return LayeredNetwork.of(model.architecture(), model.arrays());
    }
}
