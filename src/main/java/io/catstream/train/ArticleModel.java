package io.catstream.train;

import io.catstream.image.PreprocessingContract;
import io.catstream.model.InputContract;
import io.catstream.nn.Forward;
import io.catstream.model.ModelArtifact;
import io.catstream.model.TrainingFacts;
import java.time.Instant;

/**
 * The model file a run of the article's network becomes, the same for {@code catstream train} and the demo's v1:
 * the plain input contract of the images it was trained at, the training facts, the parameters. {@link RecipeModel}
 * is its twin for the mini-batch recipes.
 */
public final class ArticleModel {

    private ArticleModel() {
    }

    /**
     * @param seeded whether the run started from {@code config.seed()}'s initialisation (false when it started from
     *               given parameters, so the facts name no seed)
     * @param train  the result's confusion matrix on {@code set.train()}
     * @param test   the same on {@code set.test()} (empty without a test set: the facts then hold no test accuracy)
     */
    public static ModelArtifact artifact(String name, PreprocessingContract contract, TrainingConfig config, boolean seeded,
                                         TrainingData set, TrainingResult result, Evaluation train, Evaluation test) {
        TrainingFacts facts = new TrainingFacts(Recipe.ARTICLE, config.iterations(), config.learningRate(),
                seeded ? config.seed() : null, result.costs().last(), train.accuracyOrNull(), test.accuracyOrNull(),
                set.train().size(), set.test().size(), DataFingerprint.of(set.train()),
                result.duration().toMillis() / 1000.0, Instant.now());
        // the drift reference (docs/health.md) on the test split: the article recipe has no validation split
        return ModelArtifact.of(name, InputContract.of(contract), facts, result.parameters())
                .withReference(HeldOutReference.of(HeldOutReference.TEST, set.test(), testProbabilities(result, set), contract)
                        .orElse(null));
    }

    private static double[] testProbabilities(TrainingResult result, TrainingData set) {
        return set.test().isEmpty() ? new double[0] : Forward.probabilities(result.parameters(), set.test().features());
    }
}
