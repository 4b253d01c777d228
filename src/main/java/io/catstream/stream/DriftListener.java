package io.catstream.stream;

import io.catstream.image.ImageBrightness;
import io.catstream.image.PreprocessingContract;
import io.catstream.image.SourceImage;
import io.catstream.metrics.DriftMetrics;
import io.catstream.registry.Activation;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.PublishedModel;

/**
 * Feeds {@link DriftMetrics} (issue #17): every label with its image's brightness and size, as the scorer's
 * {@link ScoreListener}, and every activated model's reference, as a {@link ModelRegistry.Listener}. The brightness
 * is measured on the features the scorer already made, on a fixed grid of pixels (constant cost, no allocation).
 */
public final class DriftListener implements ScoreListener, ModelRegistry.Listener {

    private final String modelName;
    private final DriftMetrics metrics;
    private final ThreadLocal<double[]> channels = ThreadLocal.withInitial(() -> new double[ImageBrightness.VALUES]);
    /** The measurer of the last contract seen, compared by identity: a model swap builds a new one, once. */
    private volatile Measurer measurer;

    private record Measurer(PreprocessingContract contract, ImageBrightness brightness) {
    }

    public DriftListener(String modelName, DriftMetrics metrics) {
        this.modelName = modelName;
        this.metrics = metrics;
    }

    @Override
    public void scored(Label label, double[] features, PreprocessingContract contract) {
        // the scorer always calls the variant with the source image; without one there is no size to report
    }

    @Override
    public void scored(Label label, double[] features, PreprocessingContract contract, SourceImage source) {
        Measurer m = measurer;
        if (m == null || m.contract != contract) {
            m = new Measurer(contract, new ImageBrightness(contract));
            measurer = m;
        }
        double[] values = channels.get();
        double brightness = m.brightness.measure(features, 0, values);
        metrics.scored(label.modelVersion(), label.probability(), brightness, values, source.width(), source.height(),
                source.bytes());
    }

    @Override
    public void activeModelChanged(String name, PublishedModel previous, PublishedModel current, Activation activation) {
        if (modelName.equals(name) && current.artifact().reference() != null) {
            metrics.reference(current.version(), current.artifact().reference());
        }
    }
}
