package io.catstream.stream;

import io.catstream.image.PreprocessingContract;

/**
 * Watches what the scorer labels without being on the label's path: the web view's recent images today, drift
 * sketches tomorrow. The scorer does not know who listens (the {@code stream} package must not depend on the web
 * view; an architecture test holds it to that).
 *
 * <p>Called on the stream thread for every scored image, after the label is made: it must be cheap, must not throw,
 * and must not keep {@code features}, which the scorer reuses for the next image.
 */
@FunctionalInterface
public interface ScoreListener {

    /** Listens to nothing. */
    ScoreListener NONE = (label, features, contract) -> { };

    /**
     * @param features the preprocessed image the model saw ({@code contract.featureCount()} values), valid only
     *                 during the call
     */
    void scored(Label label, double[] features, PreprocessingContract contract);
}
