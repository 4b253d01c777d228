package io.catstream.model;

import io.catstream.nn.net.Classifier;
import io.catstream.nn.net.DenseClassifier;

/**
 * The one place that turns a model into the {@link Classifier} the scorer, {@code evaluate} and {@code predict}
 * call, whatever its layers: a dense-only model keeps the article's fast single-example path, a model with
 * convolutions goes through the layered network. Build it once per model (the scorer does so at each swap).
 */
public final class Classifiers {

    private Classifiers() {
    }

    /**
     * @throws UnsupportedOperationException for a model with convolutions until {@code LayeredNetwork} is merged
     */
    public static Classifier of(ModelArtifact model) {
        if (model.isDenseOnly()) {
            return new DenseClassifier(model.parameters());
        }
        // Integration: replace the throw below with
        //     return LayeredNetwork.of(model.architecture(), model.arrays());
        throw new UnsupportedOperationException("convolutional models need LayeredNetwork (not merged yet): cannot score "
                + model.name() + " (" + model.architecture() + ") with this build");
    }
}
