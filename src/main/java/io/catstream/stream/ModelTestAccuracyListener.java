package io.catstream.stream;

import io.catstream.metrics.TruthMetrics;
import io.catstream.registry.Activation;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.PublishedModel;

/**
 * Tells the truth metrics the test accuracy each activated version of the scored model was published with, so an
 * alert can compare the accuracy from truth with the model's own (docs/truth.md).
 */
final class ModelTestAccuracyListener implements ModelRegistry.Listener {

    private final String modelName;
    private final TruthMetrics metrics;

    ModelTestAccuracyListener(String modelName, TruthMetrics metrics) {
        this.modelName = modelName;
        this.metrics = metrics;
    }

    @Override
    public void activeModelChanged(String name, PublishedModel previous, PublishedModel current, Activation activation) {
        if (modelName.equals(name) && current != null && current.artifact().training() != null
                && current.artifact().training().testAccuracy() != null) {
            metrics.modelTestAccuracy(current.version(), current.artifact().training().testAccuracy());
        }
    }
}
