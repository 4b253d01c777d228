package io.catstream.train;

import io.catstream.image.PreprocessingContract;
import io.catstream.image.Standardisation;
import java.util.Optional;

/**
 * The three sets of a recipe run, standardised alike: training (what the optimiser sees), validation (carved from
 * the training data, for early stopping) and test. The standardisation's statistics come from the training part
 * only, after the validation examples are taken out, and are what the model file stores for the scorer.
 *
 * <p>The sets are {@link ExampleSource}s: nothing is copied here. One pass over the training examples, in index
 * order, fits the standardisation (adding exactly the examples an in-memory fit adds, in the same order, so the
 * statistics are the same to the last bit) and hashes the training data for the model's fingerprint; every read
 * after that applies {@link Standardisation#apply}, the scorer's own call, as the example is read.
 *
 * @param fingerprint {@link DataFingerprint} of the training examples before the validation split, unstandardised
 */
public record RecipeData(ExampleSource train, ExampleSource validation, ExampleSource test,
                         Optional<Standardisation> standardisation, String fingerprint) {

    public static RecipeData prepare(TrainingData set, double validationFraction, long splitSeed, StandardisationMode mode) {
        return prepare(ExampleSets.inMemory(set), validationFraction, splitSeed, mode);
    }

    public static RecipeData prepare(ExampleSets set, double validationFraction, long splitSeed, StandardisationMode mode) {
        Split.Indices split = ValidationSplit.indices(set.train().labels(), validationFraction, splitSeed);
        int n = set.train().featureCount();
        Standardisation.Fit fit = mode == StandardisationMode.NONE ? null
                : new Standardisation.Fit(n, PreprocessingContract.CHANNELS, mode == StandardisationMode.CHANNEL);
        DataFingerprint.Digest digest = new DataFingerprint.Digest();
        int[] next = {0}; // position in the ascending training indices
        SourcePass.forEach(set.train(), (x, first, count) -> {
            digest.addFeatures(x, 0, count * n);
            for (int e = 0; e < count; e++) {
                if (next[0] < split.train().length && split.train()[next[0]] == first + e) {
                    if (fit != null) {
                        fit.add(x, e * n);
                    }
                    next[0]++;
                }
            }
        });
        String fingerprint = digest.finish(set.train().labels(), set.train().size());
        Optional<Standardisation> fitted = Optional.ofNullable(fit).map(Standardisation.Fit::result);
        ExampleSource train = set.train().subset(split.train());
        ExampleSource validation = set.train().subset(split.test());
        ExampleSource test = set.test();
        if (fitted.isPresent()) {
            train = train.standardised(fitted.get());
            validation = validation.standardised(fitted.get());
            test = test.standardised(fitted.get());
        }
        return new RecipeData(train, validation, test, fitted, fingerprint);
    }
}
