package io.catstream.train;

/** The cost stopped being a finite number: the learning rate is too large for this data (a user's setting). */
public final class TrainingDivergedException extends RuntimeException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}
