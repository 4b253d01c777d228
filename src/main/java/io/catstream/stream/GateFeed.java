package io.catstream.stream;

import io.catstream.registry.ModelRegistry;
import org.apache.kafka.streams.kstream.Predicate;

/**
 * Which labelled predictions the scoring task sends to the gate task (docs/gate.md, "What a scorer sends to the
 * gate"): a pair (the challenger scored the image too), which the trial counts, or a prediction of a champion whose
 * rollback watch may still run ({@link ModelRegistry#watchMayRun}). The rest would be read by the gate and dropped,
 * after a repartition (a produce and a fetch in the transaction) per record: the cost this filter saves. Evaluated
 * before the {@code gate-by-name} repartition, against this instance's registry.
 */
final class GateFeed implements Predicate<String, LabelledPrediction> {

    private final ModelRegistry registry;

    GateFeed(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean test(String imageId, LabelledPrediction p) {
        return p.challengerVersion() != null || registry.watchMayRun(p.modelName(), p.modelVersion());
    }
}
