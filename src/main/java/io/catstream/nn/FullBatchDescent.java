package io.catstream.nn;

/**
 * Full-batch gradient descent on one fixed training set, one iteration per {@link #step()}. Two
 * implementations run the same algorithm: {@link PlainDescent}, a direct transcription of the article
 * (the tests' oracle), and {@code GramDescent}, which gives the same updates in far fewer operations.
 */
public interface FullBatchDescent {

    /** Runs one iteration (forward, cost, backward, update) and returns the cost <i>before</i> the update. */
    double step();

    /** The current parameters, as a copy the caller owns. */
    Parameters parameters();
}
