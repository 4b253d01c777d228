package io.catstream.train;

import io.catstream.image.Standardisation;
import io.catstream.nn.LabelledExamples;
import java.util.Optional;

/**
 * The three sets of a recipe run, standardised alike: training (what the optimiser sees), validation (carved from
 * the training data, for early stopping) and test. The standardisation's statistics come from the training part
 * only, after the validation examples are taken out, and are what the model file stores for the scorer.
 */
public record RecipeData(LabelledExamples train, LabelledExamples validation, LabelledExamples test,
                         Optional<Standardisation> standardisation) {

    public static RecipeData prepare(TrainingData set, double validationFraction, long splitSeed, StandardisationMode mode) {
        ValidationSplit split = ValidationSplit.carve(set.train(), validationFraction, splitSeed);
        Optional<Standardisation> fitted = mode.fit(split.train());
        // Split.select copied the training examples; the test set is ours to change too (loaded for this run)
        LabelledExamples test = set.test();
        fitted.ifPresent(s -> {
            applyTo(s, split.train());
            applyTo(s, split.validation());
            applyTo(s, test);
        });
        return new RecipeData(split.train(), split.validation(), test, fitted);
    }

    /** {@code x = (x − mean) / std} for every example, in place: the very call the scorer makes per image. */
    static void applyTo(Standardisation standardisation, LabelledExamples examples) {
        int n = examples.featureCount();
        double[] x = examples.features().data;
        for (int e = 0; e < examples.size(); e++) {
            standardisation.apply(x, e * n, n);
        }
    }
}
