package io.catstream.dataset;

import io.catstream.model.DataLineage.OffsetRange;

/**
 * Records a data set needs are no longer on the topic (retention, {@code deleteRecords}, a re-created topic): the
 * message names the topic, the partition and the missing offsets.
 */
public final class RecordsGoneException extends RuntimeException {

    private final transient OffsetRange missing;

    RecordsGoneException(OffsetRange missing, long logStart, long logEnd) {
        super(missing.topic() + " partition " + missing.partition() + " no longer has offsets " + missing.from() + "-"
                + (missing.to() - 1) + " (it holds " + logStart + "-" + (logEnd - 1) + "; removed by retention or "
                + "deleteRecords): the data set cannot be read again");
        this.missing = missing;
    }

    public OffsetRange missing() {
        return missing;
    }
}
