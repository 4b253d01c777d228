package io.catstream.demo;

import io.catstream.model.InputContract;
import io.catstream.model.ModelArtifact;
import io.catstream.model.TrainingFacts;
import io.catstream.nn.LabelledExamples;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.Networks;
import io.catstream.nn.layered.TrainableNetwork;
import io.catstream.train.DataFingerprint;
import io.catstream.train.Evaluation;
import io.catstream.train.Recipe;
import io.catstream.train.RecipeData;
import io.catstream.train.RecipeModel;
import io.catstream.train.RecipeResult;
import io.catstream.train.RecipeTrainer;
import io.catstream.train.Trainer;
import io.catstream.train.TrainingConfig;
import io.catstream.train.TrainingData;
import io.catstream.train.TrainingResult;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Instant;
import org.ejml.data.DMatrixRMaj;

/**
 * The demo's two models, as the model files {@code catstream train} writes: v1 the article's network (full-batch,
 * the reference trainer), v2 a convolutional network trained with a mini-batch {@link Recipe}.
 */
final class DemoTraining {

    private DemoTraining() {
    }

    record Trained(ModelArtifact artifact, TrainingResult result, double trainAccuracy) {
    }

    record TrainedCnn(ModelArtifact artifact, RecipeResult result, Evaluation validation) {
    }

    /** The article's network, full-batch, as {@code catstream train} trains it, for {@code v1Iterations}. */
    static Trained v1(DemoConfig config, DemoData data, NetworkShape shape) {
        int iterations = config.v1Iterations();
        TrainingConfig training = new TrainingConfig(shape, TrainingConfig.ARTICLE_LEARNING_RATE, iterations, config.seed(),
                iterations, TrainingConfig.Solver.AUTO);
        TrainingResult result = new Trainer(training, new PrintWriter(Writer.nullWriter())).quiet()
                .train(data.train(), Parameters.initialize(shape, config.seed()));
        double accuracy = Evaluation.of(result.parameters(), data.train()).accuracy();
        TrainingFacts facts = new TrainingFacts("article", iterations, TrainingConfig.ARTICLE_LEARNING_RATE, config.seed(),
                result.costs().last(), accuracy, null, data.train().size(), null, DataFingerprint.of(data.train()),
                result.duration().toMillis() / 1000.0, Instant.now());
        ModelArtifact artifact = ModelArtifact.of(DemoConfig.MODEL_NAME, InputContract.of(data.contract()), facts,
                result.parameters());
        return new Trained(artifact, result, accuracy);
    }

    /**
     * The recipe on the same training images loaded again at its size, as {@code catstream train --recipe cnn} does
     * ({@code RecipeTraining}): validation carved and standardisation fitted by {@link RecipeData#prepare}, the best
     * validation epoch kept, the fitted statistics in the model's input contract for the scorer.
     */
    static TrainedCnn v2(DemoData data, Recipe recipe) {
        LabelledExamples images = data.trainingImages().at(recipe.imageSize());
        LabelledExamples noTest = new LabelledExamples(new DMatrixRMaj(0, images.featureCount()), new DMatrixRMaj(1, 0));
        TrainingData set = new TrainingData(images, noTest, "demo training images");
        RecipeData prepared = RecipeData.prepare(set, recipe.validationFraction(), recipe.seed(), recipe.standardise());
        Architecture arch = recipe.architecture();
        RecipeResult result = new RecipeTrainer(recipe, new PrintWriter(Writer.nullWriter()))
                .train(Networks.factoryFor(arch, recipe.init()), prepared.train(), prepared.validation());
        TrainableNetwork network = result.network();
        Evaluation validation = Evaluation.of(network, prepared.validation());
        ModelArtifact artifact = RecipeModel.artifact(DemoConfig.MODEL_NAME, recipe, set, prepared, result,
                Evaluation.of(network, prepared.train()), validation, Evaluation.of(network, prepared.test()));
        return new TrainedCnn(artifact, result, validation);
    }
}
