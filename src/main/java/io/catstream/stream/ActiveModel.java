package io.catstream.stream;

import io.catstream.image.ImageLimits;
import io.catstream.metrics.ScoringMetrics;
import io.catstream.model.Classifiers;
import io.catstream.model.InvalidModelException;
import io.catstream.model.ScoringEngine;
import io.catstream.registry.Activation;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.PublishedModel;
import io.catstream.registry.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model that scores now, for one model name: a {@link ModelRegistry} listener (fed on the global store thread)
 * that turns each activation into a {@link ScoringModel} and swaps it in with one atomic write. Scoring threads
 * read it once per image. A model that cannot be prepared, or a refused record, leaves the current one serving.
 */
public final class ActiveModel implements ModelRegistry.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveModel.class);

    private final String modelName;
    private final ImageLimits limits;
    private final ScoringEngine engine;
    private final ScoringMetrics metrics;
    private final Clock clock;
    private final AtomicReference<ScoringModel> current = new AtomicReference<>();

    public ActiveModel(String modelName, ImageLimits limits, ScoringMetrics metrics, Clock clock) {
        this(modelName, limits, ScoringEngine.AUTO, metrics, clock);
    }

    /** @param engine which engine scores catstream networks ({@code serve --engine}) */
    public ActiveModel(String modelName, ImageLimits limits, ScoringEngine engine, ScoringMetrics metrics, Clock clock) {
        this.modelName = modelName;
        this.limits = limits;
        this.engine = engine;
        this.metrics = metrics;
        this.clock = clock;
    }

    public String modelName() {
        return modelName;
    }

    /** The model to score the next image with, or null when no version of the name is active yet. */
    public ScoringModel current() {
        return current.get();
    }

    public Optional<ScoringModel> find() {
        return Optional.ofNullable(current.get());
    }

    /**
     * The model to score one image with, held until {@link #release}: a model swapped out meanwhile keeps its
     * classifier open until the last such image is scored. Null when no version is active yet (nothing to release).
     */
    ScoringModel acquire() {
        return ModelLease.acquire(current::get);
    }

    void release(ScoringModel model) {
        model.lease().release();
    }

    /** Stops serving: releases the current model's classifier once its last image is scored. */
    public void close() {
        ScoringModel last = current.getAndSet(null);
        if (last != null) {
            last.lease().retire();
        }
    }

    @Override
    public void activeModelChanged(String name, PublishedModel previous, PublishedModel now, Activation activation) {
        if (!modelName.equals(name)) {
            return;
        }
        ScoringModel next;
        try {
            next = ScoringModel.of(now, limits, engine, activation.activatedAt(), clock.instant());
        } catch (IllegalArgumentException e) {
            // a contract the image package does not implement
            metrics.modelRefused("contract-mismatch");
            LOG.warn("refusing {}@{}: {}; keeping {}", name, now.version(), e.getMessage(), describe(current.get()));
            return;
        } catch (InvalidModelException e) {
            // an ONNX model whose session cannot be opened here (it passed validation when it was accepted)
            metrics.modelRefused(e.reason().code());
            LOG.warn("refusing {}@{}: {}; keeping {}", name, now.version(), e.getMessage(), describe(current.get()));
            return;
        }
        ScoringModel before = current.getAndSet(next);
        if (before != null) {
            before.lease().retire();
        }
        metrics.modelActivated(next.version(), now.publishedAt(), true);
        LOG.info("active model {}@{} (was {}), {}, {}, scored by {}, {} ms after its activation was written", name,
                next.version(), describe(before), now.artifact().describeNetwork(),
                now.artifact().input().describeStandardisation(), Classifiers.chosen(now.artifact(), engine),
                Duration.between(activation.activatedAt(), next.swappedAt()).toMillis());
    }

    @Override
    public void refused(Refusal refusal) {
        String name = refusal.name();
        if (name != null && !name.equals(modelName)) {
            return;
        }
        metrics.modelRefused(refusal.reason().code());
        ScoringModel serving = current.get();
        LOG.warn("{}; still serving {}", refusal, describe(serving));
    }

    /** Called after an image was scored by {@code model}: records publish-to-first-score once per model. */
    void scoredBy(ScoringModel model) {
        if (model.markFirstUse()) {
            Duration sincePublish = Duration.between(model.activatedAt(), clock.instant());
            metrics.firstScoredAfterPublish(sincePublish);
            LOG.info("first image scored by {}@{}: {} ms after it was activated", model.name(), model.version(),
                    sincePublish.toMillis());
        }
    }

    private static String describe(ScoringModel model) {
        return model == null ? "no model" : model.name() + "@" + model.version();
    }
}
