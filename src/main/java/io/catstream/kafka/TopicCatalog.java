package io.catstream.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every catstream topic, read from {@code topics/topics.yaml} (the copy inside the jar, or a file given
 * with {@code --topics-file}). Format:
 * <pre>
 * defaults: { replicationFactor: 1 }
 * topics:
 *   model-weights:
 *     partitions: 1
 *     configs: { cleanup.policy: compact, max.message.bytes: 16777216 }
 * </pre>
 * Config values may be written as YAML numbers or strings; they are compared as strings.
 */
public record TopicCatalog(List<TopicSpec> topics) {

    /** Where the catalog sits in the repository and, as a resource, in the jar. */
    public static final String RESOURCE = "/topics/topics.yaml";


    public TopicCatalog {
        topics = List.copyOf(topics);
    }

    /** The catalog shipped in the jar. */
    public static TopicCatalog builtIn() {
        return parse(YamlFiles.resource(RESOURCE), RESOURCE);
    }

    /** Reads a catalog file; {@link IllegalArgumentException} with the problem for a malformed one. */
    public static TopicCatalog read(Path file) {
        return parse(YamlFiles.file(file), file.toString());
    }

    static TopicCatalog parse(JsonNode root, String source) {
        if (root == null || !root.isObject() || !root.path("topics").isObject()) {
            throw new IllegalArgumentException(source + ": expected a mapping with a 'topics' mapping");
        }
        int defaultReplication = root.path("defaults").path("replicationFactor").asInt(1);
        List<TopicSpec> specs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> topic : root.get("topics").properties()) {
            JsonNode node = topic.getValue();
            if (!node.path("partitions").canConvertToInt()) {
                throw new IllegalArgumentException(source + ": topic " + topic.getKey() + " needs 'partitions: N'");
            }
            Map<String, String> configs = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> config : node.path("configs").properties()) {
                configs.put(config.getKey(), config.getValue().asText());
            }
            specs.add(new TopicSpec(topic.getKey(), node.get("partitions").asInt(),
                    (short) node.path("replicationFactor").asInt(defaultReplication), configs));
        }
        return new TopicCatalog(specs);
    }

    public Optional<TopicSpec> find(String logicalName) {
        return topics.stream().filter(t -> t.logicalName().equals(logicalName)).findFirst();
    }

    /** The same topics with every replication factor replaced (for a real cluster: {@code --replication-factor 3}). */
    public TopicCatalog withReplicationFactor(short factor) {
        return new TopicCatalog(topics.stream().map(t -> t.withReplicationFactor(factor)).toList());
    }
}
