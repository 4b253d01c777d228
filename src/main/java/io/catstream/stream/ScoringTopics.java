package io.catstream.stream;

import io.catstream.kafka.TopicNames;
import io.catstream.kafka.Topics;
import java.util.Objects;

/**
 * The cluster names of the topics the scorer reads and writes.
 *
 * @param truth               truth that arrives on its own, keyed by image id (docs/truth.md)
 * @param labelledPredictions predictions joined with their truth, one per image
 * @param truthDeadLetters    truth records that could not be read
 * @param shadowPredictions   the challenger's scores beside the champion's (docs/gate.md, "Shadow scoring")
 */
public record ScoringTopics(String images, String labels, String deadLetters, String modelWeights, String accuracy,
                            String truth, String labelledPredictions, String truthDeadLetters, String shadowPredictions) {

    public ScoringTopics {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(modelWeights, "modelWeights");
        Objects.requireNonNull(accuracy, "accuracy");
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(labelledPredictions, "labelledPredictions");
        Objects.requireNonNull(truthDeadLetters, "truthDeadLetters");
        Objects.requireNonNull(shadowPredictions, "shadowPredictions");
    }

    public static ScoringTopics of(TopicNames names) {
        return new ScoringTopics(names.resolve(Topics.IMAGES), names.resolve(Topics.IMAGE_LABELS),
                names.resolve(Topics.IMAGES_DLQ), names.resolve(Topics.MODEL_WEIGHTS), names.resolve(Topics.MODEL_ACCURACY),
                names.resolve(Topics.IMAGE_TRUTH), names.resolve(Topics.LABELLED_PREDICTIONS), names.resolve(Topics.TRUTH_DLQ),
                names.resolve(Topics.SHADOW_PREDICTIONS));
    }

    public static ScoringTopics defaults() {
        return of(TopicNames.DEFAULT);
    }
}
