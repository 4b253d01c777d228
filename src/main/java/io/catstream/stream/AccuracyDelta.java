package io.catstream.stream;

import io.catstream.metrics.ConfusionCounts;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

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

    private static final int BYTES = 5 * Long.BYTES;

    /**
     * 40 bytes: the window start and the four counts. Binary, not JSON, because the cached store serialises the delta
     * at every labelled prediction (a cache entry holds bytes) and reads it back at the next: JSON there was a
     * Jackson parse and write per truth, a tenth of the join's own CPU in a profile of bench/streaming.sh (e).
     */
    static Serde<AccuracyDelta> serde() {
        return Serdes.serdeFrom((topic, d) -> d == null ? null : ByteBuffer.allocate(BYTES).putLong(d.windowStartMillis)
                        .putLong(d.counts.truePositives()).putLong(d.counts.falsePositives())
                        .putLong(d.counts.trueNegatives()).putLong(d.counts.falseNegatives()).array(),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    if (bytes.length != BYTES) {
                        throw new IllegalArgumentException("an accuracy delta is " + BYTES + " bytes, got " + bytes.length);
                    }
                    ByteBuffer b = ByteBuffer.wrap(bytes);
                    long start = b.getLong();
                    return new AccuracyDelta(start, new ConfusionCounts(b.getLong(), b.getLong(), b.getLong(), b.getLong()));
                });
    }
}
