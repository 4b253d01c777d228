package io.catstream.train;

import io.catstream.model.ModelArtifact;
import io.catstream.nn.layered.NetworkFactory;
import io.catstream.nn.layered.Networks;
import io.catstream.nn.layered.TrainableNetwork;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * One run of a mini-batch {@link Recipe} from loaded data to a model file, the one path for
 * {@code catstream train --recipe mlp|cnn} and the demo's v2: carve the validation set and fit the standardisation
 * ({@link RecipeData#prepare}), train keeping the best validation epoch ({@link RecipeTrainer}), evaluate the three
 * parts and assemble the model with the fitted statistics in its input contract ({@link RecipeModel}). Writing the
 * file and reporting are the caller's.
 */
public final class RecipeRun {

    private final Recipe recipe;
    private final PrintWriter log;
    private final boolean prefetch;

    /** @param log where the data line, the recipe line and the trainer's per-epoch lines go */
    public RecipeRun(Recipe recipe, PrintWriter log) {
        this(recipe, log, true);
    }

    /** @param prefetch read the next mini-batch while this one trains ({@link RecipeTrainer}) */
    public RecipeRun(Recipe recipe, PrintWriter log, boolean prefetch) {
        this.recipe = recipe;
        this.log = log;
        this.prefetch = prefetch;
    }

    /** What a run made: the three standardised sets, the trainer's result, their evaluations and the model. */
    public record Trained(RecipeData data, RecipeResult result, Evaluation train, Evaluation validation, Evaluation test,
                          ModelArtifact artifact) {
    }

    /**
     * @param set       training and test examples at the recipe's image size, one example per row
     * @param splitSeed seeds which training examples are carved off for validation
     * @throws DatasetException          if the validation fraction does not fit the data (the message says why)
     * @throws TrainingDivergedException if the cost stopped being a finite number
     * @throws IllegalArgumentException  if the recipe's architecture is invalid
     */
    public Trained run(String modelName, TrainingData set, long splitSeed) {
        return run(modelName, ExampleSets.inMemory(set), splitSeed);
    }

    /**
     * The same run on examples read a mini-batch at a time ({@link ExampleSets#fromFolders}, or any
     * {@link ExampleSource}): with the same examples in the same order it makes the same model, bit for bit, as
     * the in-memory run, holding two mini-batches of features instead of all of them.
     */
    public Trained run(String modelName, ExampleSets set, long splitSeed) {
        NetworkFactory factory = Networks.factoryFor(recipe.architecture(), recipe.init());
        RecipeData prepared;
        try {
            prepared = RecipeData.prepare(set, recipe.validationFraction(), splitSeed, recipe.standardise());
        } catch (IllegalArgumentException e) {
            throw new DatasetException(e.getMessage(), e);
        }
        log.printf(Locale.ROOT, "data: %d training, %d validation and %d test examples, %d features (%s)%n",
                prepared.train().size(), prepared.validation().size(), prepared.test().size(), set.train().featureCount(),
                set.source());
        log.printf(Locale.ROOT, "recipe %s: %s%n", recipe.name(), recipe.describe());
        RecipeResult result = new RecipeTrainer(recipe, log, prefetch).train(factory, prepared.train(), prepared.validation());
        TrainableNetwork network = result.network();
        Evaluation train = Evaluation.of(network, prepared.train());
        Evaluation validation = Evaluation.of(network, prepared.validation());
        Evaluation test = Evaluation.of(network, prepared.test());
        return new Trained(prepared, result, train, validation, test,
                RecipeModel.artifact(modelName, recipe, prepared, result, train, validation, test));
    }
}
