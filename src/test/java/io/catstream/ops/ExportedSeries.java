package io.catstream.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One line of {@code monitoring/exported-series.txt}: a series {@code catstream serve} exports, its type and its
 * labels besides {@code job} and {@code instance} (which every scraped series has).
 */
public record ExportedSeries(String name, String type, Set<String> labels) {

    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram");
    public static final Set<String> SCRAPE_LABELS = Set.of("job", "instance");

    public ExportedSeries {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("series " + name + ": type '" + type + "' is not one of " + TYPES);
        }
        labels = Set.copyOf(labels);
    }

    /** Whether a selector may match on {@code label}. */
    public boolean hasLabel(String label) {
        return SCRAPE_LABELS.contains(label) || labels.contains(label);
    }

    /** Every series of the file by name, in file order; blank lines and {@code #} comments skipped. */
    public static Map<String, ExportedSeries> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, ExportedSeries> series = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length < 2) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected '<series> <type> [<label> ...]', got '" + line + "'");
            }
            Set<String> labels = new LinkedHashSet<>(Arrays.asList(fields).subList(2, fields.length));
            if (series.put(fields[0], new ExportedSeries(fields[0], fields[1], labels)) != null) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + fields[0] + " is listed twice");
            }
        }
        return series;
    }
}
