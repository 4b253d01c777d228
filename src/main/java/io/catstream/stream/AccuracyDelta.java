package io.catstream.stream;

import io.catstream.metrics.ConfusionCounts;

/**
 * The labelled predictions of one model version in one accuracy window that one scoring task has counted since its
 * last forward ({@link AccuracyDeltas}): the value of the {@code accuracy-deltas} store and of the
 * {@code accuracy-deltas-by-version} repartition, added into the window's counts on the other side.
 *
 * @param windowStartMillis start of the tumbling accuracy window the predictions fall in (epoch milliseconds)
 */
record AccuracyDelta(long windowStartMillis, ConfusionCounts counts) {

    AccuracyDelta {
        if (windowStartMillis < 0) {
            throw new IllegalArgumentException("window start must be >= 0, got " + windowStartMillis);
        }
        if (counts == null) {
            throw new IllegalArgumentException("counts must not be null");
        }
    }

    static AccuracyDelta empty(long windowStartMillis) {
        return new AccuracyDelta(windowStartMillis, ConfusionCounts.EMPTY);
    }

    /** This delta plus one prediction whose truth is known. */
    AccuracyDelta plus(boolean predictedCat, boolean actuallyCat) {
        return new AccuracyDelta(windowStartMillis, counts.plus(predictedCat, actuallyCat));
    }
}
