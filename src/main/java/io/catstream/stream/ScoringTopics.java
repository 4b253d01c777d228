package io.catstream.stream;

import io.catstream.kafka.TopicNames;
import io.catstream.kafka.Topics;
import java.util.Objects;

/** The cluster names of the five topics the scorer reads and writes. */
public record ScoringTopics(String images, String labels, String deadLetters, String modelWeights, String accuracy) {

    public ScoringTopics {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(modelWeights, "modelWeights");
        Objects.requireNonNull(accuracy, "accuracy");
    }

    public static ScoringTopics of(TopicNames names) {
        return new ScoringTopics(names.resolve(Topics.IMAGES), names.resolve(Topics.IMAGE_LABELS),
                names.resolve(Topics.IMAGES_DLQ), names.resolve(Topics.MODEL_WEIGHTS), names.resolve(Topics.MODEL_ACCURACY));
    }

    public static ScoringTopics defaults() {
        return of(TopicNames.DEFAULT);
    }
}
