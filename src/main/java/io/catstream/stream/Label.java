package io.catstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The verdict on one image: the value of an {@code image-labels} record, as JSON
 * {@code {"image_id":"cats/cat.1.jpg","is_cat":true,"probability":0.93,"model_name":"catstream","model_version":3,
 * "label":true,"scored_at":"2026-11-27T10:00:00.123Z"}}.
 *
 * @param label  the truth from the input's {@code label} header: true = cat, false = not a cat, null = unknown
 * @param shadow what the challenger made of the same image, or null when it was not shadow-scored (no challenger, or
 *               not selected by {@code --shadow-fraction}); in memory only: the {@code image-labels} JSON never
 *               carries it (it goes to {@code shadow-predictions})
 */
public record Label(String imageId, boolean isCat, double probability, String modelName, int modelVersion, Boolean label,
                    Instant scoredAt, ShadowScore shadow) implements ScoreOutcome {

    /** Input header carrying the truth: {@code 1} = cat, {@code 0} = not a cat. */
    public static final String LABEL_HEADER = "label";

    private static final ObjectMapper JSON = new ObjectMapper();

    public Label {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(scoredAt, "scoredAt");
    }

    /** A label without a shadow score. */
    public Label(String imageId, boolean isCat, double probability, String modelName, int modelVersion, Boolean label,
                 Instant scoredAt) {
        this(imageId, isCat, probability, modelName, modelVersion, label, scoredAt, null);
    }

    public Label withShadow(ShadowScore newShadow) {
        return new Label(imageId, isCat, probability, modelName, modelVersion, label, scoredAt, newShadow);
    }

    /** Whether the prediction was right, or null when the truth is unknown. */
    public Boolean correct() {
        return label == null ? null : label == isCat;
    }

    /**
     * The truth carried by the last {@code label} header: {@code 1}/{@code true}/{@code cat} → true,
     * {@code 0}/{@code false} → false; absent or anything else → null (scored without truth).
     */
    public static Boolean truthOf(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(LABEL_HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        String text = new String(header.value(), StandardCharsets.UTF_8).strip();
        return switch (text) {
            case "1", "true", "cat" -> Boolean.TRUE;
            case "0", "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * The record value (never the shadow score). Written with a streaming generator, field by field (no tree of nodes per record, which was
     * most of the label serialiser's cost on the hot path); same bytes as the tree.
     */
    public byte[] toJson() {
        return JsonValues.object(192, json -> {
            JsonValues.string(json, "image_id", imageId);
            json.writeBooleanField("is_cat", isCat);
            json.writeNumberField("probability", probability);
            json.writeStringField("model_name", modelName);
            json.writeNumberField("model_version", modelVersion);
            JsonValues.bool(json, "label", label);
            json.writeStringField("scored_at", scoredAt.toString());
        });
    }

    public static Label fromJson(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new Label(node.get("image_id").isNull() ? null : node.get("image_id").asText(),
                    node.get("is_cat").asBoolean(), node.get("probability").asDouble(), node.get("model_name").asText(),
                    node.get("model_version").asInt(), JsonValues.bool(node, "label"),
                    Instant.parse(node.get("scored_at").asText()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a label record: " + e.getMessage(), e);
        }
    }
}
