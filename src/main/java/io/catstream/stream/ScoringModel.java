package io.catstream.stream;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.model.Classifiers;
import io.catstream.nn.Parameters;
import io.catstream.nn.layered.Classifier;
import io.catstream.registry.PublishedModel;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A model ready to score: the accepted version, the preprocessor built from its own input contract (standardisation
 * included) and its {@link Classifier} (dense or convolutional), made together and never changed, so whoever reads
 * the {@link ActiveModel} reference once scores a whole image with one consistent triple (no half-loaded model).
 *
 * @param activatedAt when the activation pointer that made it active was written (the publish time for a
 *                    {@code catstream publish}), for the publish-to-first-score latency
 * @param swappedAt   when this instance made it active
 */
public record ScoringModel(PublishedModel published, ImagePreprocessor preprocessor, Classifier classifier,
                           Instant activatedAt, Instant swappedAt, AtomicBoolean used) {

    public ScoringModel {
        Objects.requireNonNull(published, "published");
        Objects.requireNonNull(preprocessor, "preprocessor");
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(activatedAt, "activatedAt");
        Objects.requireNonNull(swappedAt, "swappedAt");
        Objects.requireNonNull(used, "used");
    }

    /**
     * Builds the preprocessor from the model's {@code InputContract.toPreprocessing()} and {@code limits}, and the
     * classifier through {@link Classifiers#of}.
     *
     * @throws IllegalArgumentException when the contract is not one the image package implements
     */
    public static ScoringModel of(PublishedModel published, ImageLimits limits, Instant activatedAt, Instant swappedAt) {
        ImagePreprocessor preprocessor = new ImagePreprocessor(published.artifact().input().toPreprocessing(), limits);
        Classifier classifier = Classifiers.of(published.artifact());
        if (preprocessor.contract().featureCount() != classifier.inputSize()) {
            throw new IllegalArgumentException("the input contract gives " + preprocessor.contract().featureCount()
                    + " features but the network takes " + classifier.inputSize());
        }
        return new ScoringModel(published, preprocessor, classifier, activatedAt, swappedAt, new AtomicBoolean());
    }

    public String name() {
        return published.name();
    }

    public int version() {
        return published.version();
    }

    /** Read-only: the artifact's own matrices, for a dense-only model (tests and benchmarks compare against them). */
    public Parameters parameters() {
        return published.artifact().parameters();
    }

    /** True the first time it is called: the first image scored by this model in this instance. */
    boolean markFirstUse() {
        return !used.get() && used.compareAndSet(false, true);
    }
}
