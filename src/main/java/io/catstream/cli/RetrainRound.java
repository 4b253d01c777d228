package io.catstream.cli;

import io.catstream.model.DataLineage;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one round of {@code catstream retrain} did, as the one line it logs: the version it published, or why it
 * skipped; the data set's SHA-256 and counts when it was read; the accuracy on the round's own test split.
 *
 * @param lineage      the data set read, or null when the round skipped before reading it
 * @param skip         why nothing was published, or null
 * @param published    the version published ({@code name@N}), or null
 * @param role         what it was published as (challenger, champion), or null
 * @param testAccuracy on the test split the round held out, or null (skipped, or no test split)
 */
record RetrainRound(int number, DataLineage lineage, RetrainChecks.Skip skip, String published, String role,
                    Double testAccuracy, Duration took) {

    static RetrainRound skipped(int number, RetrainChecks.Skip skip, DataLineage lineage, Duration took) {
        return new RetrainRound(number, lineage, skip, null, null, null, took);
    }

    /** Images with truth in the data set read, or null when the round skipped before reading it. */
    Long examples() {
        return lineage == null ? null : lineage.classes().values().stream().mapToLong(Long::longValue).sum();
    }

    String line() {
        StringBuilder line = new StringBuilder("retrain round " + number + ": ");
        line.append(skip != null ? "skipped (" + skip.code() + "): " + skip.message()
                : "published " + published + " as " + role);
        if (lineage != null) {
            Map<String, Long> classes = new TreeMap<>(lineage.classes()); // sorted: the same line for the same data set
            line.append(String.format(Locale.ROOT, "; data set sha256 %s, %d images with truth (%s), left out %s",
                    lineage.sha256(), examples(), classes,
                    new TreeMap<>(lineage.leftOut())));
        }
        if (skip == null) {
            line.append("; test accuracy ").append(testAccuracy == null ? "n/a (no test split)"
                    : String.format(Locale.ROOT, "%.4f", testAccuracy));
        }
        line.append(String.format(Locale.ROOT, "; %.1f s", took.toMillis() / 1000.0));
        return line.toString();
    }
}
