package io.catstream.train;

/** A training or evaluation data set that cannot be used as given (missing folder, no images, bad file). */
public final class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
