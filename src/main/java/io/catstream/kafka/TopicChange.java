package io.catstream.kafka;

/**
 * One difference between the catalog and the cluster, and whether {@code topics apply} can fix it
 * (a topic's partitions can grow but never shrink; its replication factor needs a reassignment).
 */
public record TopicChange(String topic, Kind kind, String detail, boolean fixable) {

    public enum Kind { CREATE, ADD_PARTITIONS, SET_CONFIG, PARTITIONS_DIFFER, REPLICATION_DIFFERS }

    @Override
    public String toString() {
        return (fixable ? "" : "cannot fix: ") + topic + ": " + detail;
    }
}
