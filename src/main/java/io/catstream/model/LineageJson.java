package io.catstream.model;

import static io.catstream.model.JsonFields.bad;
import static io.catstream.model.JsonFields.construct;
import static io.catstream.model.JsonFields.optional;
import static io.catstream.model.JsonFields.optionalObject;
import static io.catstream.model.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional {@code training.source} section of a model header ({@link DataLineage}, docs/model-format.md, "source"):
 * <pre>
 * {"kind": "kafka", "clusterId": "…", "topics": {"images": {"0": [0, 42], …}, "image-truth": {…}},
 *  "classes": {"cat": 61, "not-cat": 59}, "leftOut": {"no-truth": 3}, "sha256": "…"}
 * </pre>
 * Written only when the facts have a source, so a model without one is written byte for byte as before.
 */
final class LineageJson {

    static final String FIELD = "source";
    private static final String WHERE = "training." + FIELD;

    private LineageJson() {
    }

    static ObjectNode toJson(DataLineage l) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("kind", l.kind());
        n.put("clusterId", l.clusterId());
        putTopics(n.putObject("topics"), l.ranges());
        putCounts(n.putObject("classes"), l.classes());
        putCounts(n.putObject("leftOut"), l.leftOut());
        n.put("sha256", l.sha256());
        return n;
    }

    /** {@code {"images": {"0": [0, 42], …}, …}}: per topic, per partition {@code [from, to)}; also the backtest's range. */
    static void putTopics(ObjectNode topics, List<DataLineage.OffsetRange> ranges) {
        ranges.stream().map(DataLineage.OffsetRange::topic).distinct().sorted().forEach(topic -> {
            ObjectNode partitions = topics.putObject(topic);
            ranges.stream().filter(r -> r.topic().equals(topic)).sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                    .forEach(r -> partitions.putArray(Integer.toString(r.partition())).add(r.from()).add(r.to()));
        });
    }

    static void putCounts(ObjectNode n, Map<String, Long> counts) {
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> n.put(e.getKey(), e.getValue()));
    }

    /** The lineage in a parsed {@code training} object, or null when it has none (every file before issue #14). */
    static DataLineage fromTraining(JsonNode training) {
        JsonNode n = optionalObject(training, FIELD, WHERE);
        if (n == null) {
            return null;
        }
        List<DataLineage.OffsetRange> ranges = topics(optional(n, "topics"), WHERE);
        JsonNode cluster = optional(n, "clusterId");
        return construct(WHERE, () -> new DataLineage(text(n, "kind", WHERE), cluster == null ? null : cluster.asText(),
                ranges, counts(n, "classes"), counts(n, "leftOut"), text(n, "sha256", WHERE)));
    }

    /** The ranges of a {@code topics} object written by {@link #putTopics}; none for null. */
    static List<DataLineage.OffsetRange> topics(JsonNode topics, String where) {
        List<DataLineage.OffsetRange> ranges = new ArrayList<>();
        if (topics == null) {
            return ranges;
        }
        for (Map.Entry<String, JsonNode> topic : topics.properties()) {
            for (Map.Entry<String, JsonNode> p : topic.getValue().properties()) {
                JsonNode range = p.getValue();
                if (!range.isArray() || range.size() != 2 || !range.get(0).canConvertToLong()
                        || !range.get(1).canConvertToLong() || !p.getKey().matches("[0-9]{1,9}")) {
                    throw bad(where + ".topics." + topic.getKey() + "." + p.getKey()
                            + " must be a partition number mapped to [from, to), got " + range, null);
                }
                ranges.add(construct(where, () -> new DataLineage.OffsetRange(topic.getKey(),
                        Integer.parseInt(p.getKey()), range.get(0).longValue(), range.get(1).longValue())));
            }
        }
        return ranges;
    }

    private static Map<String, Long> counts(JsonNode n, String field) {
        return counts(n, field, WHERE);
    }

    /** A {@code {"reason": count, …}} object written by {@link #putCounts}; empty when absent. */
    static Map<String, Long> counts(JsonNode n, String field, String where) {
        Map<String, Long> counts = new LinkedHashMap<>();
        JsonNode object = optional(n, field);
        if (object == null) {
            return counts;
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (!e.getValue().canConvertToLong() || e.getValue().longValue() < 0) {
                throw bad(where + "." + field + "." + e.getKey() + " must be a count, got " + e.getValue(), null);
            }
            counts.put(e.getKey(), e.getValue().longValue());
        }
        return counts;
    }
}
