package io.catstream.stream;

import io.catstream.image.ImageLimits;
import io.catstream.metrics.ShadowMetrics;
import io.catstream.model.InvalidModelException;
import io.catstream.model.ScoringEngine;
import io.catstream.registry.Activation;
import io.catstream.registry.Challenger;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.PublishedModel;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The challenger that shadow-scores now, for one model name: like {@link ActiveModel}, a {@link ModelRegistry}
 * listener (fed on the global store thread) that prepares a {@link ScoringModel} for the registry's challenger
 * ({@link ModelRegistry#challenger}) and swaps it in with one atomic write; scoring threads read it once per image.
 * It follows the challenger pointer and the activations (a promoted challenger is the champion, no longer a
 * challenger). A challenger that cannot be prepared here is not shadow-scored: a metric and a log line say why, and
 * the champion's labels are untouched.
 */
public final class ChallengerModel implements ModelRegistry.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ChallengerModel.class);

    /** The challenger ready to score, and since when it is on trial (its pointer's {@code since}). */
    public record Trial(ScoringModel model, Instant since) {
    }

    private final String modelName;
    private final ModelRegistry registry;
    private final ImageLimits limits;
    private final ScoringEngine engine;
    private final ShadowMetrics metrics;
    private final Clock clock;
    private final AtomicReference<Trial> current = new AtomicReference<>();

    public ChallengerModel(String modelName, ModelRegistry registry, ImageLimits limits, ScoringEngine engine,
                           ShadowMetrics metrics, Clock clock) {
        this.modelName = modelName;
        this.registry = registry;
        this.limits = limits;
        this.engine = engine;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The challenger to shadow-score the next image with, or null when there is none (or it could not be prepared). */
    public ScoringModel current() {
        Trial t = current.get();
        return t == null ? null : t.model();
    }

    /**
     * The challenger to shadow-score one image with, held until {@link #release} (as {@link ActiveModel#acquire}): a
     * challenger replaced meanwhile keeps its classifier open until that image is scored. Null when there is none.
     */
    ScoringModel acquire() {
        return ModelLease.acquire(this::current);
    }

    void release(ScoringModel model) {
        model.lease().release();
    }

    public Optional<Trial> trial() {
        return Optional.ofNullable(current.get());
    }

    public ShadowMetrics metrics() {
        return metrics;
    }

    @Override
    public void challengerChanged(String name, Challenger challenger) {
        if (modelName.equals(name)) {
            follow();
        }
    }

    @Override
    public void activeModelChanged(String name, PublishedModel previous, PublishedModel now, Activation activation) {
        if (modelName.equals(name)) {
            follow();
        }
    }

    /** Makes the prepared challenger the registry's, if it changed. */
    private void follow() {
        Integer champion = registry.activation(modelName).map(Activation::version).orElse(null);
        Challenger challenger = registry.challenger(modelName).orElse(null);
        metrics.roles(champion, challenger == null ? null : challenger.version());
        Trial before = current.get();
        if (challenger == null) {
            if (before != null) {
                replace(null);
                LOG.info("shadow scoring stops: {}@{} is no longer the challenger (champion {})", modelName,
                        before.model().version(), champion);
            }
            return;
        }
        if (before != null && before.model().version() == challenger.version()) {
            return;
        }
        PublishedModel published = registry.version(modelName, challenger.version()).orElse(null);
        if (published == null) { // the registry refuses a pointer to an unknown version; defence in depth
            replace(null);
            return;
        }
        try {
            ScoringModel model = ScoringModel.of(published, limits, engine, challenger.since(), clock.instant());
            metrics.challengerStarted(model.version());
            replace(new Trial(model, challenger.since()));
            LOG.info("shadow scoring with challenger {}@{} (champion {}), {}", modelName, model.version(), champion,
                    published.artifact().describeNetwork());
        } catch (IllegalArgumentException e) {
            refuse(challenger, "contract-mismatch", e.getMessage());
        } catch (InvalidModelException e) {
            refuse(challenger, e.reason().code(), e.getMessage());
        }
    }

    /** Swaps in {@code next}; the challenger it replaces closes its classifier once its last image is scored. */
    private void replace(Trial next) {
        Trial before = current.getAndSet(next);
        if (before != null) {
            before.model().lease().retire();
        }
    }

    /** Stops shadow scoring: the last challenger closes its classifier once its last image is scored. */
    public void close() {
        replace(null);
    }

    private void refuse(Challenger challenger, String reason, String message) {
        replace(null);
        metrics.challengerRefused(reason);
        LOG.warn("challenger {}@{} cannot be shadow-scored here ({}): {}; the champion keeps labelling alone", modelName,
                challenger.version(), reason, message);
    }
}
