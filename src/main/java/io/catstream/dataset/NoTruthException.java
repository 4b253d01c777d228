package io.catstream.dataset;

import io.catstream.train.DatasetException;

/**
 * A range of {@code images} in which no image has truth: an error to {@code train --from-kafka} and {@code backtest}
 * (as every {@link DatasetException}), but "nothing to test" to {@code retrain --backtest}, whose held-out span may
 * simply have had no truth yet. Its own type so that only this case, not a missing topic or a stalled read, is
 * treated so.
 */
public final class NoTruthException extends DatasetException {

    public NoTruthException(String message) {
        super(message);
    }
}
