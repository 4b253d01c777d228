package io.catstream.train;

import io.catstream.model.InputContract;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelReference;
import io.catstream.model.TrainingFacts;
import io.catstream.nn.layered.TrainableNetwork;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The model file a {@link RecipeRun} becomes (for {@code catstream train --recipe} and the demo alike): the
 * article's input contract at the recipe's size with the fitted standardisation (which the scorer then applies),
 * the training facts, and every hyperparameter and outcome in {@code extra}.
 */
final class RecipeModel {

    private RecipeModel() {
    }

    /**
     * The network {@code result} holds, with its accuracies on the three parts of {@code prepared}; batch
     * normalisation folded into the weights, so the file holds plain {@code conv}/{@code dense} layers.
     */
    static ModelArtifact artifact(String name, Recipe recipe, RecipeData prepared, RecipeResult result,
                                  Evaluation train, Evaluation validation, Evaluation test) {
        TrainableNetwork network = result.network().folded();
        InputContract contract = contract(recipe, prepared);
        ModelArtifact model = ModelArtifact.of(name, contract, facts(recipe, prepared, result, train, test),
                extra(recipe, prepared, result, validation), network.architecture(), network.parameters());
        return model.withReference(reference(network, prepared, contract).orElse(null));
    }

    /** On the validation split, else on the test split, else none (everything trained on). */
    private static Optional<ModelReference> reference(TrainableNetwork network, RecipeData prepared, InputContract contract) {
        boolean validation = !prepared.validation().isEmpty();
        ExampleSource split = validation ? prepared.validation() : prepared.test();
        double[] p = SourcePass.probabilities(network, split);
        return HeldOutReference.of(validation ? HeldOutReference.VALIDATION : HeldOutReference.TEST, split, p,
                contract.toPreprocessing());
    }

    private static InputContract contract(Recipe recipe, RecipeData prepared) {
        InputContract plain = InputContract.rgb(recipe.imageSize());
        return prepared.standardisation().map(plain::withStandardisation).orElse(plain);
    }

    private static TrainingFacts facts(Recipe recipe, RecipeData prepared, RecipeResult result,
                                       Evaluation train, Evaluation test) {
        return new TrainingFacts(recipe.name(), Math.toIntExact(result.steps()), recipe.learningRate(), recipe.seed(),
                result.best().trainCost(), train.accuracyOrNull(), test.accuracyOrNull(), prepared.train().size(),
                prepared.test().size(), prepared.fingerprint(), result.duration().toMillis() / 1000.0, Instant.now());
    }

    private static Map<String, String> extra(Recipe recipe, RecipeData prepared, RecipeResult result, Evaluation validation) {
        Map<String, String> extra = new LinkedHashMap<>(recipe.describe());
        extra.put("image_size", Integer.toString(recipe.imageSize()));
        extra.put("epochs_run", Integer.toString(result.epochsRun()));
        extra.put("best_epoch", Integer.toString(result.bestEpoch()));
        extra.put("stopped_early", Boolean.toString(result.stoppedEarly()));
        extra.put("validation_examples", Integer.toString(prepared.validation().size()));
        if (validation.total() > 0) {
            extra.put("validation_accuracy", String.format(Locale.ROOT, "%.6f", validation.accuracy()));
        }
        return extra;
    }

}
