package io.catstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.metrics.AccuracyWindow;
import io.catstream.metrics.ConfusionCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * JSON serdes of the scorer's values: labels, labelled predictions, shadow scores, the accuracy deltas, the accuracy
 * aggregate and the {@code model-accuracy} record.
 */
public final class JsonSerdes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonSerdes() {
    }

    public static Serde<Label> label() {
        return Serdes.serdeFrom((topic, label) -> label == null ? null : label.toJson(),
                (topic, bytes) -> bytes == null ? null : Label.fromJson(bytes));
    }

    public static Serde<LabelledPrediction> labelledPrediction() {
        return Serdes.serdeFrom((topic, p) -> p == null ? null : p.toJson(),
                (topic, bytes) -> bytes == null ? null : LabelledPrediction.fromJson(bytes));
    }

    public static Serde<ShadowScore> shadowScore() {
        return Serdes.serdeFrom((topic, s) -> s == null ? null : s.toJson(),
                (topic, bytes) -> bytes == null ? null : ShadowScore.parse(bytes));
    }

    public static Serde<ConfusionCounts> confusionCounts() {
        return Serdes.serdeFrom((topic, c) -> c == null ? null : write(counts(JSON.createObjectNode(), c)),
                (topic, bytes) -> bytes == null ? null : readCounts(read(bytes)));
    }

    public static Serde<AccuracyWindow> accuracyWindow() {
        return Serdes.serdeFrom((topic, w) -> w == null ? null : accuracyJson(w),
                (topic, bytes) -> bytes == null ? null : readAccuracy(read(bytes)));
    }

    /**
     * {@code {"model_name":"catstream","model_version":3,"window_start":"…","window_end":"…","tp":40,"fp":3,"tn":50,
     * "fn":7,"count":100,"accuracy":0.9}}; accuracy null when the count is 0.
     */
    public static byte[] accuracyJson(AccuracyWindow w) {
        ObjectNode node = JSON.createObjectNode();
        node.put("model_name", w.modelName());
        node.put("model_version", w.modelVersion());
        node.put("window_start", w.start().toString());
        node.put("window_end", w.end().toString());
        counts(node, w.counts());
        node.put("count", w.counts().total());
        if (Double.isNaN(w.accuracy())) {
            node.putNull("accuracy");
        } else {
            node.put("accuracy", w.accuracy());
        }
        return write(node);
    }

    private static AccuracyWindow readAccuracy(JsonNode node) {
        return new AccuracyWindow(node.get("model_name").asText(), node.get("model_version").asInt(),
                Instant.parse(node.get("window_start").asText()), Instant.parse(node.get("window_end").asText()),
                readCounts(node));
    }

    private static ObjectNode counts(ObjectNode node, ConfusionCounts c) {
        node.put("tp", c.truePositives());
        node.put("fp", c.falsePositives());
        node.put("tn", c.trueNegatives());
        node.put("fn", c.falseNegatives());
        return node;
    }

    private static ConfusionCounts readCounts(JsonNode node) {
        return new ConfusionCounts(node.get("tp").asLong(), node.get("fp").asLong(), node.get("tn").asLong(),
                node.get("fn").asLong());
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }
}
