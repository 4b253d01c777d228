package io.catstream.stream;

import io.catstream.image.PreprocessingContract;
import io.catstream.image.SourceImage;

/**
 * Watches what the scorer labels without being on the label's path: the web view's recent images, the drift
 * statistics ({@link DriftListener}). The scorer does not know who listens (the {@code stream} package must not depend on the web
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

    /**
     * As above, with the facts of the image the features no longer tell (its decoded size and bytes; issue #17's
     * input drift). The scorer calls this one; a listener that does not need {@code source} implements the other.
     *
     * @param source valid only during the call (the scorer reuses it)
     */
    default void scored(Label label, double[] features, PreprocessingContract contract, SourceImage source) {
        scored(label, features, contract);
    }

    /** Tells {@code first}, then {@code second}. */
    static ScoreListener both(ScoreListener first, ScoreListener second) {
        if (first == NONE) {
            return second;
        }
        if (second == NONE) {
            return first;
        }
        return new ScoreListener() {
            @Override
            public void scored(Label label, double[] features, PreprocessingContract contract) {
                first.scored(label, features, contract);
                second.scored(label, features, contract);
            }

            @Override
            public void scored(Label label, double[] features, PreprocessingContract contract, SourceImage source) {
                first.scored(label, features, contract, source);
                second.scored(label, features, contract, source);
            }
        };
    }
}
