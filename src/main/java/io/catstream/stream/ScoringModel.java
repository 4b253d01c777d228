package io.catstream.stream;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.model.Classifiers;
import io.catstream.model.ScoringEngine;
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
                           Instant activatedAt, Instant swappedAt, AtomicBoolean used, ModelLease lease) {

    public ScoringModel {
        Objects.requireNonNull(published, "published");
        Objects.requireNonNull(preprocessor, "preprocessor");
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(activatedAt, "activatedAt");
        Objects.requireNonNull(swappedAt, "swappedAt");
        Objects.requireNonNull(used, "used");
        Objects.requireNonNull(lease, "lease");
    }

    /**
     * Builds the preprocessor from the model's {@code InputContract.toPreprocessing()} and {@code limits}, and the
     * classifier through {@link Classifiers#of} with {@code engine}; the classifier is closed when the model has been
     * swapped out and its last image scored ({@link ModelLease}).
     *
     * @throws IllegalArgumentException when the contract is not one the image package implements
     */
    public static ScoringModel of(PublishedModel published, ImageLimits limits, ScoringEngine engine, Instant activatedAt,
                                  Instant swappedAt) {
        ImagePreprocessor preprocessor = new ImagePreprocessor(published.artifact().input().toPreprocessing(), limits);
        Classifier classifier = Classifiers.of(published.artifact(), engine);
        if (preprocessor.contract().featureCount() != classifier.inputSize()) {
            Classifiers.close(classifier);
            throw new IllegalArgumentException("the input contract gives " + preprocessor.contract().featureCount()
                    + " features but the network takes " + classifier.inputSize());
        }
        return new ScoringModel(published, preprocessor, classifier, activatedAt, swappedAt, new AtomicBoolean(),
                new ModelLease(() -> Classifiers.close(classifier)));
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
