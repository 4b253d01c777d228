package io.catstream.kafka;

import java.util.Map;
import java.util.TreeMap;

/**
 * One topic as it should be: logical name, partitions, replication factor and the topic-level configs
 * catstream cares about (others are left to the cluster's defaults and never compared).
 */
public record TopicSpec(String logicalName, int partitions, short replicationFactor, Map<String, String> configs) {

    public TopicSpec {
        if (logicalName == null || logicalName.isBlank()) {
            throw new IllegalArgumentException("a topic needs a name");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + logicalName + ": partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topic " + logicalName + ": replicationFactor must be at least 1, got "
                    + replicationFactor);
        }
        configs = configs == null ? Map.of() : Map.copyOf(new TreeMap<>(configs));
    }

    public TopicSpec withReplicationFactor(short newFactor) {
        return new TopicSpec(logicalName, partitions, newFactor, configs);
    }
}
