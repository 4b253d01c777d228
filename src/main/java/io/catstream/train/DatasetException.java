package io.catstream.train;

/**
 * A training or evaluation data set that cannot be used as given (missing folder, no images, bad file). Not final:
 * {@code dataset.NoTruthException} is the one case a caller may treat as "nothing to do" rather than an error.
 */
public class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
