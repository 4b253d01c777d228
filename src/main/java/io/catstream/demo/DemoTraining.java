package io.catstream.demo;

import io.catstream.model.ModelArtifact;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import io.catstream.train.ArticleModel;
import io.catstream.train.Evaluation;
import io.catstream.train.Recipe;
import io.catstream.train.RecipeRun;
import io.catstream.train.Trainer;
import io.catstream.train.TrainingConfig;
import io.catstream.train.TrainingData;
import io.catstream.train.TrainingResult;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The demo's two models, as the model files {@code catstream train} writes (through the same {@link ArticleModel}
 * and {@link RecipeRun}): v1 the article's network (full-batch, the reference trainer), v2 a convolutional network
 * trained with a mini-batch {@link Recipe}.
 */
final class DemoTraining {

    private DemoTraining() {
    }

    record Trained(ModelArtifact artifact, TrainingResult result, double trainAccuracy) {
    }

    /** The article's network, full-batch, as {@code catstream train} trains it, for {@code v1Iterations}. */
    static Trained v1(DemoConfig config, DemoData data, NetworkShape shape) {
        int iterations = config.v1Iterations();
        TrainingConfig training = new TrainingConfig(shape, TrainingConfig.ARTICLE_LEARNING_RATE, iterations, config.seed(),
                iterations, TrainingConfig.Solver.AUTO);
        TrainingData set = TrainingData.withoutTest(data.train(), "demo training images");
        TrainingResult result = new Trainer(training, quiet()).quiet()
                .train(set.train(), Parameters.initialize(shape, config.seed()));
        Evaluation train = Evaluation.of(result.parameters(), set.train());
        ModelArtifact artifact = ArticleModel.artifact(DemoConfig.MODEL_NAME, data.contract(), training, true, set, result,
                train, Evaluation.of(result.parameters(), set.test()));
        return new Trained(artifact, result, train.accuracy());
    }

    /**
     * The recipe on the same training images loaded again at its size, as {@code catstream train --recipe cnn} does:
     * validation carved with the recipe's seed, the best validation epoch kept, the fitted statistics in the model's
     * input contract for the scorer.
     */
    static RecipeRun.Trained v2(DemoData data, Recipe recipe) {
        TrainingData set = TrainingData.withoutTest(data.trainingImages().at(recipe.imageSize()), "demo training images");
        return new RecipeRun(recipe, quiet()).run(DemoConfig.MODEL_NAME, set, recipe.seed());
    }

    private static PrintWriter quiet() {
        return new PrintWriter(Writer.nullWriter());
    }
}
