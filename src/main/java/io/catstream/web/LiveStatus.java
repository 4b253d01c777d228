package io.catstream.web;

import io.catstream.stream.Label;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.metrics.ConfusionCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the live web view shows, as the JSON of {@code GET /api/status}:
 * <pre>{@code
 * {"at":"2026-11-27T10:00:05Z", "health":{"healthy":true,"reason":"..."}, "model":{... as /model, or null},
 *  "about":{"data":"..."}, "totals":{"received":120,"scored":118,"dead_lettered":2},
 *  "scored_per_second":19.6,
 *  "versions":[{"model_version":1,"accuracy":0.61,"labelled":100,"tp":..,"fp":..,"tn":..,"fn":..}],
 *  "timeline":[{"t":1795600000000,"scored":118,"accuracy":{"1":0.61}}],
 *  "recent":[{"image_id":"cats/1.jpg","is_cat":true,"probability":0.93,"label":true,"correct":true,
 *             "model_version":1,"scored_at":"...","thumbnail":"data:image/png;base64,..."}]}
 * }</pre>
 * Accuracy is {@code null} where nothing labelled was scored yet.
 */
public record LiveStatus(Instant at, Health health, JsonNode model, Map<String, String> about, StatusTimeline.Point totals,
                         double scoredPerSecond, List<StatusTimeline.Point> timeline, List<RecentScore> recent) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public LiveStatus {
        about = Map.copyOf(about);
        timeline = List.copyOf(timeline);
        recent = List.copyOf(recent);
    }

    public ObjectNode toJsonNode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("at", at.toString());
        ObjectNode h = root.putObject("health");
        h.put("healthy", health.healthy());
        h.put("reason", health.reason());
        root.set("model", model == null ? JSON.nullNode() : model);
        ObjectNode a = root.putObject("about");
        about.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> a.put(e.getKey(), e.getValue()));
        ObjectNode t = root.putObject("totals");
        t.put("received", totals.received());
        t.put("scored", totals.scored());
        t.put("dead_lettered", totals.deadLettered());
        root.put("scored_per_second", Math.round(scoredPerSecond * 10) / 10.0);
        ArrayNode versions = root.putArray("versions");
        totals.byVersion().forEach((version, c) -> {
            ObjectNode v = versions.addObject();
            v.put("model_version", version);
            putAccuracy(v, "accuracy", c);
            v.put("labelled", c.total());
            v.put("tp", c.truePositives());
            v.put("fp", c.falsePositives());
            v.put("tn", c.trueNegatives());
            v.put("fn", c.falseNegatives());
        });
        ArrayNode points = root.putArray("timeline");
        for (StatusTimeline.Point p : timeline) {
            ObjectNode n = points.addObject();
            n.put("t", p.at().toEpochMilli());
            n.put("scored", p.scored());
            ObjectNode acc = n.putObject("accuracy");
            p.byVersion().forEach((version, c) -> putAccuracy(acc, Integer.toString(version), c));
        }
        ArrayNode images = root.putArray("recent");
        for (RecentScore r : recent) {
            Label l = r.label();
            ObjectNode n = images.addObject();
            n.put("image_id", l.imageId());
            n.put("is_cat", l.isCat());
            n.put("probability", l.probability());
            if (l.label() == null) {
                n.putNull("label");
                n.putNull("correct");
            } else {
                n.put("label", l.label());
                n.put("correct", l.correct());
            }
            n.put("model_version", l.modelVersion());
            n.put("scored_at", l.scoredAt().toString());
            n.put("thumbnail", r.thumbnail().dataUri());
        }
        return root;
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(toJsonNode());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putAccuracy(ObjectNode node, String field, ConfusionCounts c) {
        double accuracy = c.accuracy();
        if (Double.isNaN(accuracy)) {
            node.putNull(field);
        } else {
            node.put(field, accuracy);
        }
    }
}
