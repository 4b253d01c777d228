package io.catstream.stream;

import io.catstream.web.RecentScores;
import io.catstream.image.ImageLimits;
import io.catstream.metrics.ScoringMetrics;
import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.RefusalReason;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The objects a scoring topology shares across its tasks and the global store thread: the model registry fed from
 * {@code model-weights}, the validator in front of it, the active model (a registry listener) and the metrics.
 */
public record ScoringContext(ModelRegistry registry, ModelRecordValidator validator, ActiveModel active,
                             ScoringMetrics metrics, RecentScores recent, Clock clock) {

    /**
     * Wires a fresh registry to an {@link ActiveModel} for {@code modelName}.
     *
     * @param verifyKey accept only models signed by this key; null accepts unsigned models
     */
    public static ScoringContext create(String modelName, ImageLimits limits, PublicKey verifyKey, MeterRegistry meters,
                                        Clock clock) {
        return create(modelName, limits, verifyKey, meters, new RecentScores(RecentScores.DEFAULT_CAPACITY), clock);
    }

    /** As above, keeping the last scored images in {@code recent} for the web view. */
    public static ScoringContext create(String modelName, ImageLimits limits, PublicKey verifyKey, MeterRegistry meters,
                                        RecentScores recent, Clock clock) {
        ScoringMetrics metrics = new ScoringMetrics(meters, modelName, clock).withKnownReasons(DeadLetter.reasons(),
                Stream.concat(Arrays.stream(RefusalReason.values()).map(RefusalReason::code), Stream.of("contract-mismatch"))
                        .toList());
        ModelRegistry registry = new ModelRegistry();
        ActiveModel active = new ActiveModel(modelName, limits, metrics, clock);
        registry.addListener(active);
        return new ScoringContext(registry, new ModelRecordValidator(verifyKey), active, metrics, recent, clock);
    }

    /** A scorer for one stream task. */
    public Scorer newScorer() {
        return new Scorer(active, metrics, recent, clock);
    }
}
