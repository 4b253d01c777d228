package io.catstream.model;

import io.catstream.nn.layered.Classifier;
import io.catstream.nn.layered.DenseClassifier;
import io.catstream.nn.layered.LayeredNetwork;

/**
 * The one place that turns a model into the {@link Classifier} the scorer, {@code evaluate} and {@code predict}
 * call, whatever its layers: a dense-only model keeps the article's fast single-example path, a model with
 * convolutions goes through the layered network. Build it once per model (the scorer does so at each swap).
 */
public final class Classifiers {

    private Classifiers() {
    }

    public static Classifier of(ModelArtifact model) {
        if (model.isDenseOnly()) {
            return new DenseClassifier(model.parameters());
        }
        return LayeredNetwork.of(model.architecture(), model.arrays());
    }
}
