package io.catstream.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * A prediction joined with its truth: the value of a {@code labelled-predictions} record, exactly one per image that
 * got truth (docs/truth.md), as JSON {@code {"image_id":"cats/cat.1.jpg","model_name":"catstream","model_version":3,
 * "probability":0.93,"is_cat":true,"truth":true,"correct":true,"scored_at":"…","truth_at":"…","delay_ms":4200,
 * "truth_source":"moderator"}}.
 *
 * @param scoredAt    the label's {@code scored_at}, to the millisecond (as the join stores it)
 * @param delayMillis truth time − scored time; negative when the truth was given before the image was scored
 * @param truthSource who gave the truth ({@code "header"} for the image's {@code label} header), or null
 */
public record LabelledPrediction(String imageId, String modelName, int modelVersion, double probability, boolean isCat,
                                 boolean truth, Instant scoredAt, Instant truthAt, long delayMillis, String truthSource) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public LabelledPrediction {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(scoredAt, "scoredAt");
        Objects.requireNonNull(truthAt, "truthAt");
    }

    public boolean correct() {
        return isCat == truth;
    }

    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
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
            if (truthSource == null) {
                json.writeNullField("truth_source");
            } else {
                json.writeStringField("truth_source", truthSource);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static LabelledPrediction fromJson(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            JsonNode source = n.get("truth_source");
            return new LabelledPrediction(n.get("image_id").asText(), n.get("model_name").asText(),
                    n.get("model_version").asInt(), n.get("probability").asDouble(), n.get("is_cat").asBoolean(),
                    n.get("truth").asBoolean(), Instant.parse(n.get("scored_at").asText()),
                    Instant.parse(n.get("truth_at").asText()), n.get("delay_ms").asLong(),
                    source == null || source.isNull() ? null : source.asText());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a labelled-predictions record: " + e.getMessage(), e);
        }
    }
}
