package io.catstream.dataset;

import io.catstream.model.DataLineage.OffsetRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which images a data set reads: explicit offsets of the images topic ({@code --offsets images:0:0-42,images:1:7-30},
 * each {@code [from, to)}), or a time range ({@code --since}/{@code --until}, turned into offsets with the broker's
 * time index); no range at all means everything the topic holds now.
 *
 * @param offsets explicit ranges, or empty for a time range
 * @param since   the first record time to take (inclusive), or null for the log start
 * @param until   the record time to stop before (exclusive), or null for the end of the log at read time
 */
public record DatasetRange(List<OffsetRange> offsets, Instant since, Instant until) {

    private static final Pattern ENTRY = Pattern.compile("([^:,]+):([0-9]{1,9}):([0-9]{1,18})-([0-9]{1,18})");

    public DatasetRange {
        offsets = List.copyOf(offsets);
        if (!offsets.isEmpty() && (since != null || until != null)) {
            throw new IllegalArgumentException("give explicit offsets or a time range, not both");
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("the time range is empty: since " + since + " is not before until " + until);
        }
    }

    public static DatasetRange times(Instant since, Instant until) {
        return new DatasetRange(List.of(), since, until);
    }

    public boolean isExplicit() {
        return !offsets.isEmpty();
    }

    /**
     * Parses {@code TOPIC:PARTITION:FROM-TO,...}; every entry must name {@code imagesTopic} (truth is read whole) and
     * each partition may appear once.
     *
     * @throws IllegalArgumentException naming the entry that is wrong and the form expected
     */
    public static DatasetRange parseOffsets(String spec, String imagesTopic) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("expected " + imagesTopic + ":PARTITION:FROM-TO[,...], got nothing");
        }
        List<OffsetRange> ranges = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        for (String entry : spec.split(",", -1)) {
            Matcher m = ENTRY.matcher(entry.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + entry + "' is not TOPIC:PARTITION:FROM-TO (e.g. " + imagesTopic
                        + ":0:0-42, offsets [from, to))");
            }
            if (!m.group(1).equals(imagesTopic)) {
                throw new IllegalArgumentException("'" + entry + "' names topic " + m.group(1) + "; the offsets select images on "
                        + imagesTopic + " (their truth is read from the truth topic as a whole)");
            }
            int partition = Integer.parseInt(m.group(2));
            long from = Long.parseLong(m.group(3));
            long to = Long.parseLong(m.group(4));
            if (to < from) {
                throw new IllegalArgumentException("'" + entry + "' ends before it starts: FROM-TO is [from, to), to >= from");
            }
            if (!partitions.add(partition)) {
                throw new IllegalArgumentException("partition " + partition + " of " + imagesTopic + " is given twice in '" + spec + "'");
            }
            ranges.add(new OffsetRange(imagesTopic, partition, from, to));
        }
        ranges.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        return new DatasetRange(ranges, null, null);
    }
}
