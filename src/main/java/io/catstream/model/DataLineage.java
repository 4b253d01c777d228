package io.catstream.model;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which data made a model (the {@code training.source} section of the header): where it was read, exactly which
 * records, how many of each class, what was left out and why, and a SHA-256 over the data set itself, so the set can
 * be written back out ({@code catstream dataset export}) and checked byte for byte.
 *
 * @param kind      {@link #KAFKA} or {@link #FOLDER}
 * @param clusterId the Kafka cluster id; null for a folder
 * @param ranges    per topic and partition the offsets actually read, {@code [from, to)}, kept sorted by topic and
 *                  partition; empty for a folder
 * @param classes   examples per class ({@code cat}, {@code not-cat})
 * @param leftOut   images left out per reason (e.g. {@code no-truth}, {@code conflicting-truth})
 * @param sha256    hex SHA-256 of the data set in canonical order (see {@code dataset.DatasetHash})
 */
public record DataLineage(String kind, String clusterId, List<OffsetRange> ranges, Map<String, Long> classes,
                          Map<String, Long> leftOut, String sha256) {

    public static final String KAFKA = "kafka";
    public static final String FOLDER = "folder";

    /** Offsets {@code [from, to)} of one partition of one topic. */
    public record OffsetRange(String topic, int partition, long from, long to) {
        public OffsetRange {
            Objects.requireNonNull(topic, "topic");
            if (partition < 0 || from < 0 || to < from) {
                throw new IllegalArgumentException("offset range " + topic + ":" + partition + ":" + from + "-" + to
                        + " needs partition >= 0 and 0 <= from <= to");
            }
        }

        public long count() {
            return to - from;
        }

        @Override
        public String toString() {
            return topic + ":" + partition + ":" + from + "-" + to;
        }
    }

    public DataLineage {
        if (!KAFKA.equals(kind) && !FOLDER.equals(kind)) {
            throw new IllegalArgumentException("source kind must be '" + KAFKA + "' or '" + FOLDER + "', got '" + kind + "'");
        }
        if (!Sha256.isHex(sha256)) {
            throw new IllegalArgumentException("source sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
        // one order (topic, partition) so a lineage read back from a header equals the one written
        ranges = ranges.stream().sorted(Comparator.comparing(OffsetRange::topic).thenComparingInt(OffsetRange::partition))
                .toList();
        classes = Map.copyOf(new TreeMap<>(classes));
        leftOut = Map.copyOf(new TreeMap<>(leftOut));
    }

    /** The ranges of {@code topic}, in partition order. */
    public List<OffsetRange> rangesOf(String topic) {
        return ranges.stream().filter(r -> r.topic().equals(topic))
                .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
    }
}
