package io.catstream.cli;

import io.catstream.image.PreprocessingContract;
import io.catstream.model.ModelArtifact;
import io.catstream.nn.NetworkShape;
import io.catstream.numpy.Npz;
import io.catstream.nn.Parameters;
import io.catstream.train.ArticleMemory;
import io.catstream.train.ArticleModel;
import io.catstream.train.DatasetException;
import io.catstream.train.CostChart;
import io.catstream.train.Evaluation;
import io.catstream.train.Recipe;
import io.catstream.train.ImageLoader;
import io.catstream.train.Trainer;
import io.catstream.train.TrainingConfig;
import io.catstream.train.TrainingData;
import io.catstream.train.TrainingDivergedException;
import io.catstream.train.TrainingResult;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream train}: the article's algorithm on images or NumPy arrays, written as a model file. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the article's network: [LINEAR->RELU]x(L-1) -> LINEAR -> SIGMOID, cross-entropy,",
            "full-batch gradient descent. Prints the cost every 50 iterations and the accuracies.",
            "--recipe mlp|cnn: mini-batch training (Adam, standardisation, augmentation, early stopping) instead."})
final class TrainCommand implements Callable<Integer> {

    /** Options of the article's path that mean nothing to the mini-batch recipes. */
    private static final List<String> ARTICLE_ONLY = List.of("--dims", "--iterations", "--init", "--solver");

    @Option(names = "--recipe", paramLabel = "NAME", defaultValue = Recipe.ARTICLE,
            description = "article (the article's exact algorithm), mlp or cnn; see docs/trainer.md (default: ${DEFAULT-VALUE}).")
    String recipe;

    @Mixin
    DataOptions data;

    @Option(names = "--dims", paramLabel = "N,N,...", defaultValue = "49152,20,7,5,1",
            description = "Layer sizes, input first; the input is 3·S·S for S×S RGB images (default: ${DEFAULT-VALUE}).")
    String dims;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.0075",
            description = "Learning rate (default: ${DEFAULT-VALUE} for the article; the recipe's otherwise).")
    double learningRate;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "2500",
            description = "Gradient-descent iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Initialisation seed; the same seed gives NumPy's np.random.seed weights (default: ${DEFAULT-VALUE}); "
                    + "recipes also seed their shuffles and augmentations with it.")
    long seed;

    @Option(names = "--init", paramLabel = "PARAMS.npz",
            description = "Start from these parameters (W1..WL, b1..bL) instead of a seeded initialisation.")
    Path init;

    @Option(names = "--solver", paramLabel = "NAME", defaultValue = "AUTO",
            description = "auto, gram or plain: the same algorithm, gram is much faster when examples < inputs "
                    + "(default: ${DEFAULT-VALUE}).")
    TrainingConfig.Solver solver;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "catstream.model",
            description = "Where to write the model (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = ModelArtifact.DEFAULT_NAME,
            description = "Model name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--cost-log", paramLabel = "FILE.csv",
            description = "Write every iteration's cost as CSV (recipes: one line per epoch with the accuracies).")
    Path costLog;

    @Option(names = "--cost-chart", paramLabel = "FILE.png",
            description = "Draw the cost curve as a PNG (default: beside --cost-log, if given).")
    Path costChart;

    @Mixin
    RecipeOptions recipeOptions;

    @Option(names = "--no-prefetch",
            description = "Recipes: decode each mini-batch when it is needed instead of while the previous one trains "
                    + "(the model is the same; for measuring what prefetch gains).")
    boolean noPrefetch;

    @Mixin
    ImageOptions images;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        if (!recipe.equals(Recipe.ARTICLE)) {
            Recipe chosen = Recipe.preset(recipe).orElseThrow(() -> new UserError("--recipe " + recipe
                    + " is not a recipe: choose one of " + String.join(", ", Recipe.NAMES)));
            List<String> articleOnly = ARTICLE_ONLY.stream().filter(this::given).toList();
            if (!articleOnly.isEmpty()) {
                throw new UserError(String.join(", ", articleOnly) + " belong to --recipe article only; --recipe " + recipe
                        + " takes --arch, --epochs, --batch-size (see catstream help train)");
            }
            Recipe configured = recipeOptions.applyTo(chosen, given("--lr") ? learningRate : null, given("--seed") ? seed : null);
            new RecipeTraining(configured, stdout, !noPrefetch).run(data, images, name, out, costLog, chartPath());
            return 0;
        }
        List<String> recipeOnly = recipeOptions.given();
        if (!recipeOnly.isEmpty()) {
            throw new UserError(String.join(", ", recipeOnly) + (recipeOnly.size() == 1 ? " is" : " are")
                    + " not an option of --recipe article, the article's exact algorithm (full-batch gradient descent, "
                    + "no standardisation); use --recipe mlp or cnn for them");
        }
        NetworkShape shape = parseShape();
        PreprocessingContract contract = contractFor(shape);
        data.count().ifPresent(c -> requireMemory(c.images(), c.training(), shape));
        TrainingData set = data.load(new ImageLoader(images.preprocessor(contract.imageSize())));
        requireMemory(set.train().size() + set.test().size(), set.train().size(), shape);
        if (set.train().featureCount() != shape.inputSize()) {
            throw new UserError("the data has " + set.train().featureCount() + " features per example but --dims starts with "
                    + shape.inputSize());
        }
        stdout.printf(Locale.ROOT, "data: %d training and %d test examples, %d features (%s)%n", set.train().size(),
                set.test().size(), set.train().featureCount(), set.source());

        TrainingConfig config = config(shape);
        TrainingResult result;
        try {
            result = new Trainer(config, stdout).train(set.train(), initialParameters(shape));
        } catch (TrainingDivergedException e) {
            throw new UserError(e.getMessage(), e);
        }
        Evaluation train = Evaluation.of(result.parameters(), set.train());
        Evaluation test = Evaluation.of(result.parameters(), set.test());
        stdout.printf(Locale.ROOT, "train accuracy: %.4f%n", train.accuracy());
        stdout.printf(Locale.ROOT, "test accuracy: %s%n", set.test().isEmpty() ? "n/a (no test set)"
                : String.format(Locale.ROOT, "%.4f", test.accuracy()));
        stdout.printf(Locale.ROOT, "training time: %.2f s (%s solver)%n", result.duration().toMillis() / 1000.0,
                result.solver().name().toLowerCase(Locale.ROOT));

        writeCosts(result, stdout);
        ModelArtifact model = data.withLineage(
                ArticleModel.artifact(name, contract, config, init == null, set, result, train, test));
        ModelFiles.write(out, model, "--out");
        stdout.printf("model written to %s (sha256 %s)%n", out, model.parametersSha256());
        return 0;
    }

    /** Refuses (exit 2) a data set the article's all-in-memory solvers cannot hold in this JVM's heap. */
    private void requireMemory(long images, long training, NetworkShape shape) {
        TrainingConfig.Solver chosen = Trainer.solverFor(solver, (int) Math.min(Integer.MAX_VALUE, training), shape.inputSize());
        try {
            ArticleMemory.of(images, training, shape, chosen).requireWithin(Runtime.getRuntime().maxMemory());
        } catch (DatasetException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private NetworkShape parseShape() {
        try {
            return NetworkShape.parse(dims);
        } catch (IllegalArgumentException e) {
            throw new UserError("--dims: " + e.getMessage());
        }
    }

    private static PreprocessingContract contractFor(NetworkShape shape) {
        try {
            return PreprocessingContract.forFeatureCount(shape.inputSize());
        } catch (IllegalArgumentException e) {
            throw new UserError("--dims must start with 3·S·S inputs for S×S RGB images (e.g. 49152 for 128×128): "
                    + e.getMessage());
        }
    }

    private TrainingConfig config(NetworkShape shape) {
        try {
            return new TrainingConfig(shape, learningRate, iterations, seed, 50, solver);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private Parameters initialParameters(NetworkShape shape) {
        if (init == null) {
            return Parameters.initialize(shape, seed);
        }
        DataOptions.requireFile(init);
        Parameters p;
        try {
            p = Parameters.fromArrays(Npz.read(init));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UserError("--init " + init + ": " + e.getMessage(), e);
        }
        if (!p.shape().equals(shape)) {
            throw new UserError("--init " + init + " has layer sizes " + p.shape() + " but --dims is " + shape);
        }
        return p;
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** {@code --cost-chart}, or beside {@code --cost-log} with the extension .png, or none. */
    private Path chartPath() {
        if (costChart == null && costLog != null) {
            return costLog.resolveSibling(costLog.getFileName().toString().replaceFirst("\\.csv$", "") + ".png");
        }
        return costChart;
    }

    private void writeCosts(TrainingResult result, PrintWriter stdout) {
        Path chart = chartPath();
        try {
            if (costLog != null) {
                result.costs().writeCsv(costLog);
                stdout.printf("cost log written to %s%n", costLog);
            }
            if (chart != null) {
                CostChart.writePng(result.costs(), "catstream train: " + dims + ", lr " + learningRate, chart);
                stdout.printf("cost chart written to %s%n", chart);
            }
        } catch (UncheckedIOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
