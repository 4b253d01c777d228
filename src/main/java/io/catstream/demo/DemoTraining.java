package io.catstream.demo;

import io.catstream.model.ModelArtifact;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import io.catstream.nn.layered.Architecture;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's two models, as the model files {@code catstream train} writes (through the same {@link ArticleModel}
 * and {@link RecipeRun}): v1 the article's network (full-batch, the reference trainer), v2 a convolutional network
 * trained with a mini-batch {@link Recipe}; and v3, a deliberately bad mirror image of v2 ({@link #mirrored}).
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

    /**
     * v3, the deliberately bad model: {@code model} with its output layer's weights and bias negated, so its p(cat) is
     * exactly 1 − p: it says "cat" wherever {@code model} says "not a cat". Costs no training; its p(cat) histogram is
     * the mirror image of the model's (about the same when the stream is about half cats), so no guardrail tells it
     * apart and only the truth can: the gate rejects it, and when a person forces it in, the rollback watch removes it.
     * Without {@code model}'s held-out reference, which describes the other model's outputs.
     */
    static ModelArtifact mirrored(ModelArtifact model) {
        Architecture architecture = model.architecture();
        List<double[]> arrays = new ArrayList<>();
        model.arrays().forEach(a -> arrays.add(a.clone()));
        int output = 2 * (architecture.weightedLayers() - 1); // W, b of the last layer with parameters
        for (double[] values : List.of(arrays.get(output), arrays.get(output + 1))) {
            for (int i = 0; i < values.length; i++) {
                values[i] = -values[i];
            }
        }
        Map<String, String> extra = new TreeMap<>(model.extra());
        extra.put("demo", "deliberately bad: the output layer of " + model.name() + "'s " + architecture.layerTokens()
                + " negated, p(cat) = 1 - p");
        return ModelArtifact.of(model.name(), model.input(), model.training(), extra, architecture, arrays);
    }

    private static PrintWriter quiet() {
        return new PrintWriter(Writer.nullWriter());
    }
}
