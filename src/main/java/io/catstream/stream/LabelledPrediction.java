package io.catstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catstream.nn.layered.Classifier;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * A prediction joined with its truth: the value of a {@code labelled-predictions} record, exactly one per image that
 * got truth (docs/truth.md), as JSON {@code {"image_id":"cats/cat.1.jpg","model_name":"catstream","model_version":3,
 * "probability":0.93,"is_cat":true,"truth":true,"correct":true,"scored_at":"…","truth_at":"…","delay_ms":4200,
 * "truth_source":"moderator","challenger_version":4,"challenger_probability":0.88,"challenger_correct":true}}
 * (the three challenger fields absent when the image was not shadow-scored or the challenger failed on it).
 *
 * @param scoredAt    the label's {@code scored_at}, to the millisecond (as the join stores it)
 * @param delayMillis truth time − scored time; negative when the truth was given before the image was scored
 * @param truthSource who gave the truth ({@code "header"} for the image's {@code label} header), or null
 * @param challengerVersion     the challenger that shadow-scored the image, or null when it was not shadow-scored
 *                              or the challenger failed on it (JSON {@code challenger_version})
 * @param challengerProbability that challenger's cat probability, null exactly when {@code challengerVersion} is
 */
public record LabelledPrediction(String imageId, String modelName, int modelVersion, double probability, boolean isCat,
                                 boolean truth, Instant scoredAt, Instant truthAt, long delayMillis, String truthSource,
                                 Integer challengerVersion, Double challengerProbability) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public LabelledPrediction {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(scoredAt, "scoredAt");
        Objects.requireNonNull(truthAt, "truthAt");
        if ((challengerVersion == null) != (challengerProbability == null)) {
            throw new IllegalArgumentException("challenger version and probability come together, got "
                    + challengerVersion + " and " + challengerProbability);
        }
    }

    /** A prediction that was not shadow-scored. */
    public LabelledPrediction(String imageId, String modelName, int modelVersion, double probability, boolean isCat,
                              boolean truth, Instant scoredAt, Instant truthAt, long delayMillis, String truthSource) {
        this(imageId, modelName, modelVersion, probability, isCat, truth, scoredAt, truthAt, delayMillis, truthSource,
                null, null);
    }

    public boolean correct() {
        return isCat == truth;
    }

    /** Whether the challenger's label equals the truth, or null when there is no challenger probability. */
    public Boolean challengerCorrect() {
        return challengerProbability == null ? null : Classifier.isCat(challengerProbability) == truth;
    }

    public byte[] toJson() {
        return JsonValues.object(256, json -> {
            json.writeStringField("image_id", imageId);
            json.writeStringField("model_name", modelName);
            json.writeNumberField("model_version", modelVersion);
            json.writeNumberField("probability", probability);
            json.writeBooleanField("is_cat", isCat);
            json.writeBooleanField("truth", truth);
            json.writeBooleanField("correct", correct());
            json.writeStringField("scored_at", scoredAt.toString());
            json.writeStringField("truth_at", truthAt.toString());
            json.writeNumberField("delay_ms", delayMillis);
            JsonValues.string(json, "truth_source", truthSource);
            if (challengerVersion != null) { // absent otherwise: a record without a challenger reads as before #13
                json.writeNumberField("challenger_version", challengerVersion);
                json.writeNumberField("challenger_probability", challengerProbability);
                json.writeBooleanField("challenger_correct", challengerCorrect());
            }
        });
    }

    public static LabelledPrediction fromJson(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new LabelledPrediction(n.get("image_id").asText(), n.get("model_name").asText(),
                    n.get("model_version").asInt(), n.get("probability").asDouble(), n.get("is_cat").asBoolean(),
                    n.get("truth").asBoolean(), Instant.parse(n.get("scored_at").asText()),
                    Instant.parse(n.get("truth_at").asText()), n.get("delay_ms").asLong(), JsonValues.text(n, "truth_source"),
                    JsonValues.integer(n, "challenger_version"), JsonValues.number(n, "challenger_probability"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a labelled-predictions record: " + e.getMessage(), e);
        }
    }
}
