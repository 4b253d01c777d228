package io.catstream.model;

import java.time.Instant;
import java.util.Objects;

/**
 * How a model was made, for humans and audits: nothing here changes how it scores. Every field except
 * {@code recipe} and {@code createdAt} may be null (unknown, e.g. for weights imported from NumPy).
 *
 * @param recipe          what produced the model, e.g. "article-plain" or {@link #IMPORTED}
 * @param iterations      gradient-descent iterations
 * @param learningRate    learning rate
 * @param seed            initialisation seed
 * @param finalCost       cross-entropy cost of the last iteration
 * @param trainAccuracy   fraction of training examples predicted right, in [0, 1]
 * @param testAccuracy    the same on the test set; null without one
 * @param trainExamples   number of training examples
 * @param testExamples    number of test examples
 * @param dataFingerprint an opaque fingerprint of the training data (the trainer's SHA-256 hex); stored as given
 * @param trainingSeconds wall time of training
 * @param createdAt       when the model was written
 * @param source          which data made the model (lineage); null when not recorded (files before issue #14,
 *                        NumPy arrays, imported weights)
 */
public record TrainingFacts(String recipe, Integer iterations, Double learningRate, Long seed, Double finalCost,
                            Double trainAccuracy, Double testAccuracy, Integer trainExamples, Integer testExamples,
                            String dataFingerprint, Double trainingSeconds, Instant createdAt,
                            DataLineage source) {

    /** The recipe of models built from NumPy weights by {@code catstream import-npz}. */
    public static final String IMPORTED = "imported";

    public TrainingFacts {
        if (recipe == null || recipe.isBlank()) {
            throw new IllegalArgumentException("recipe must name what produced the model, e.g. '" + IMPORTED + "', got "
                    + (recipe == null ? "null" : "'" + recipe + "'"));
        }
        Objects.requireNonNull(createdAt, "createdAt");
        requireNonNegative(iterations, "iterations");
        requireNonNegative(trainExamples, "trainExamples");
        requireNonNegative(testExamples, "testExamples");
        requireFinite(learningRate, "learningRate");
        requireFinite(finalCost, "finalCost");
        requireFinite(trainingSeconds, "trainingSeconds");
        requireFraction(trainAccuracy, "trainAccuracy");
        requireFraction(testAccuracy, "testAccuracy");
    }

    /** Without a {@link DataLineage}: as every model before issue #14. */
    public TrainingFacts(String recipe, Integer iterations, Double learningRate, Long seed, Double finalCost,
                         Double trainAccuracy, Double testAccuracy, Integer trainExamples, Integer testExamples,
                         String dataFingerprint, Double trainingSeconds, Instant createdAt) {
        this(recipe, iterations, learningRate, seed, finalCost, trainAccuracy, testAccuracy, trainExamples, testExamples,
                dataFingerprint, trainingSeconds, createdAt, null);
    }

    /** The same facts with {@code source} as their lineage. */
    public TrainingFacts withSource(DataLineage source) {
        return new TrainingFacts(recipe, iterations, learningRate, seed, finalCost, trainAccuracy, testAccuracy,
                trainExamples, testExamples, dataFingerprint, trainingSeconds, createdAt, source);
    }

    /** Facts of a model whose training is unknown: only the recipe {@link #IMPORTED} and the time. */
    public static TrainingFacts imported(Instant createdAt) {
        return new TrainingFacts(IMPORTED, null, null, null, null, null, null, null, null, null, null, createdAt);
    }

    private static void requireNonNegative(Integer value, String field) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
    }

    private static void requireFinite(Double value, String field) {
        // JSON has no NaN or infinity: a header must stay readable by any JSON parser.
        if (value != null && !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be finite (JSON cannot hold NaN or infinity), got " + value
                    + "; leave it null if unknown");
        }
    }

    private static void requireFraction(Double value, String field) {
        if (value != null && !(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + " must be a fraction in [0, 1], got " + value);
        }
    }
}
