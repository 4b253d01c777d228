package io.catstream.stream;

import io.catstream.image.ImageLimits;
import io.catstream.metrics.GateMetrics;
import io.catstream.metrics.ScoringMetrics;
import io.catstream.metrics.ShadowMetrics;
import io.catstream.model.InvalidModelException;
import io.catstream.metrics.TruthMetrics;
import io.catstream.model.ScoringEngine;
import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.RefusalReason;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The objects a scoring topology shares across its tasks and the global store thread: the model registry fed from
 * {@code model-weights}, the validator in front of it, the active model and the challenger (registry listeners), which
 * images the challenger shadow-scores, and the metrics (the scorer's and the truth join's).
 */
public record ScoringContext(ModelRegistry registry, ModelRecordValidator validator, ActiveModel active,
                             ChallengerModel challenger, ShadowSelection shadowSelection, ScoringMetrics metrics,
                             TruthMetrics truthMetrics, ScoreListener listener, Clock clock, GateConfig gate,
                             GateMetrics gateMetrics) {

    /** How long the truth join waits for a prediction's truth, or a truth's prediction, unless configured. */
    public static final Duration DEFAULT_TRUTH_WINDOW = Duration.ofHours(1);

    /**
     * Wires a fresh registry to an {@link ActiveModel} for {@code modelName}.
     *
     * @param verifyKey accept only models signed by this key; null accepts unsigned models
     */
    public static ScoringContext create(String modelName, ImageLimits limits, PublicKey verifyKey, MeterRegistry meters,
                                        Clock clock) {
        return create(modelName, limits, verifyKey, meters, ScoreListener.NONE, clock);
    }

    /** As above, telling {@code listener} of every label (the web view's recent images). */
    public static ScoringContext create(String modelName, ImageLimits limits, PublicKey verifyKey, MeterRegistry meters,
                                        ScoreListener listener, Clock clock) {
        return create(modelName, limits, verifyKey, metrics(meters, modelName, clock), listener, clock);
    }

    /** As above, with metrics made beforehand by {@link #metrics} (for those that read them, like the web view). */
    public static ScoringContext create(String modelName, ImageLimits limits, PublicKey verifyKey, ScoringMetrics metrics,
                                        ScoreListener listener, Clock clock) {
        return create(modelName, limits, verifyKey, metrics, DEFAULT_TRUTH_WINDOW, listener, clock);
    }

    /** As above, with the truth window (coverage is counted over the last one). */
    public static ScoringContext create(String modelName, ImageLimits limits, PublicKey verifyKey, ScoringMetrics metrics,
                                        Duration truthWindow, ScoreListener listener, Clock clock) {
        return create(modelName, limits, ScoringEngine.AUTO, verifyKey, List.of(), ShadowSelection.ALL, metrics, truthWindow,
                listener, clock);
    }

    /**
     * As above, with the engine that scores catstream networks ({@code serve --engine}), trusting
     * {@code controllerKeys} beside {@code verifyKey} for pointers and decisions (the promotion gate's,
     * {@code serve --controller-key}), and shadow-scoring the images {@code shadowSelection} selects.
     */
    public static ScoringContext create(String modelName, ImageLimits limits, ScoringEngine engine, PublicKey verifyKey,
                                        List<PublicKey> controllerKeys, ShadowSelection shadowSelection,
                                        ScoringMetrics metrics, Duration truthWindow, ScoreListener listener, Clock clock) {
        ModelRegistry registry = new ModelRegistry();
        ActiveModel active = new ActiveModel(modelName, limits, engine, metrics, clock);
        registry.addListener(active);
        ShadowMetrics shadowMetrics = new ShadowMetrics(metrics.registry(), ShadowScore.failureReasons()).withKnownRefusals(CHALLENGER_REFUSALS);
        ChallengerModel challenger = new ChallengerModel(modelName, registry, limits, engine, shadowMetrics, clock);
        registry.addListener(challenger);
        TruthMetrics truth = new TruthMetrics(metrics, truthWindow, Truth.reasons(), clock);
        registry.addListener(new ModelTestAccuracyListener(modelName, truth));
        GateMetrics gateMetrics = new GateMetrics(metrics, modelName,
                List.of(Guardrails.Breach.FAILURES, Guardrails.Breach.LATENCY, Guardrails.Breach.DISTRIBUTION),
                GateProcessor.NOT_WRITTEN);
        return new ScoringContext(registry, new ModelRecordValidator(verifyKey, controllerKeys), active, challenger,
                shadowSelection, metrics, truth, listener, clock, GateConfig.COUNT_ONLY, gateMetrics);
    }

    /**
     * This context with the gate task's settings. The registry trusts the gate's signing key only if its public half
     * is among the controller keys given to {@link #create} (serve adds it: {@code ScoringApp}).
     */
    public ScoringContext withGate(GateConfig newGate) {
        return new ScoringContext(registry, validator, active, challenger, shadowSelection, metrics, truthMetrics, listener,
                clock, newGate, gateMetrics);
    }

    /** Why a challenger cannot be prepared: a contract the image package does not implement, or an ONNX session that will not open. */
    private static final List<String> CHALLENGER_REFUSALS = Stream.concat(Stream.of("contract-mismatch"),
            Arrays.stream(InvalidModelException.Reason.values()).map(InvalidModelException.Reason::code)).toList();

    /** The scorer's metrics for {@code modelName}, every dead-letter and refusal reason known from the start. */
    public static ScoringMetrics metrics(MeterRegistry meters, String modelName, Clock clock) {
        return new ScoringMetrics(meters, modelName, clock).withKnownReasons(DeadLetter.reasons(),
                Stream.concat(Arrays.stream(RefusalReason.values()).map(RefusalReason::code), Stream.of("contract-mismatch"))
                        .toList());
    }

    /** A scorer for one stream task. */
    public Scorer newScorer() {
        return new Scorer(active, challenger, shadowSelection, metrics, listener, clock);
    }
}
