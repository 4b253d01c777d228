package io.catstream.metrics;

import java.time.Instant;
import java.util.Objects;

/**
 * The accuracy of one model version over one tumbling window of record time {@code [start, end)}: the value of a
 * {@code model-accuracy} record (docs/streaming.md).
 */
public record AccuracyWindow(String modelName, int modelVersion, Instant start, Instant end, ConfusionCounts counts) {

    public AccuracyWindow {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(counts, "counts");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window end " + end + " must be after its start " + start);
        }
    }

    public double accuracy() {
        return counts.accuracy();
    }
}
