package io.catstream.cli;

import io.catstream.model.ModelArtifact;
import io.catstream.nn.layered.Architecture;
import io.catstream.train.CostChart;
import io.catstream.train.DatasetException;
import io.catstream.train.Evaluation;
import io.catstream.train.ExampleSets;
import io.catstream.train.ImageLoader;
import io.catstream.train.Recipe;
import io.catstream.train.RecipeResult;
import io.catstream.train.RecipeRun;
import io.catstream.train.TrainingDivergedException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * {@code catstream train --recipe mlp|cnn}: loads the data at the recipe's image size, runs it through
 * {@link RecipeRun} (the demo's path too) a mini-batch at a time (image folders are never held in memory as
 * features), reports train / validation / test accuracy and writes the curves and
 * the model (with the standardisation in its input contract).
 */
final class RecipeTraining {

    private final Recipe recipe;
    private final PrintWriter stdout;
    private final boolean prefetch;

    RecipeTraining(Recipe recipe, PrintWriter stdout, boolean prefetch) {
        this.recipe = recipe;
        this.stdout = stdout;
        this.prefetch = prefetch;
    }

    /**
     * @param curves where the per-epoch CSV goes, or null
     * @param chart  where the PNG of the curves goes, or null
     */
    void run(DataOptions data, ImageOptions images, String name, Path out, Path curves, Path chart) {
        architecture(); // a bad --arch is refused before any data is read
        try (ExampleSets set = data.stream(loader(images))) { // closing deletes a Kafka data set's spill file
            train(set, data.split.splitSeed, data::withLineage, name, out, curves, chart);
        }
    }

    /** The decoder of this recipe's image size (the folder, Kafka and index paths all decode with it). */
    ImageLoader loader(ImageOptions images) {
        return new ImageLoader(images.preprocessor(recipe.imageSize()));
    }

    /**
     * Trains on {@code set}, reports the accuracies, writes the curves and the model, with what {@code lineage} adds
     * to it, to {@code out}.
     *
     * @return the model written
     */
    ModelArtifact train(ExampleSets set, long splitSeed, UnaryOperator<ModelArtifact> lineage, String name, Path out,
                        Path curves, Path chart) {
        Architecture arch = architecture();
        if (set.train().featureCount() != arch.inputSize()) {
            throw new UserError("the data has " + set.train().featureCount() + " values per example but --image-size "
                    + recipe.imageSize() + " means 3·" + recipe.imageSize() + "² = " + arch.inputSize());
        }
        RecipeRun.Trained run;
        try {
            run = new RecipeRun(recipe, stdout, prefetch).run(name, set, splitSeed);
        } catch (DatasetException e) {
            throw new UserError("--validation-fraction " + recipe.validationFraction() + ": " + e.getMessage(), e);
        } catch (TrainingDivergedException e) {
            throw new UserError(e.getMessage(), e);
        }
        RecipeResult result = run.result();
        stdout.printf(Locale.ROOT, "train accuracy: %.4f%n", run.train().accuracy());
        stdout.printf(Locale.ROOT, "validation accuracy: %s%n", accuracy(run.validation(), "no validation set"));
        stdout.printf(Locale.ROOT, "test accuracy: %s%n", accuracy(run.test(), "no test set"));
        if (run.test().total() > 0) {
            stdout.println(run.test().report());
        }
        stdout.printf(Locale.ROOT, "training time: %.2f s (%d epochs, kept epoch %d%s)%n",
                result.duration().toMillis() / 1000.0, result.epochsRun(), result.bestEpoch(),
                result.stoppedEarly() ? ", stopped early" : "");

        writeCurves(result, curves, chart);
        ModelArtifact model = lineage.apply(run.artifact());
        ModelFiles.write(out, model, "--out");
        stdout.printf("model written to %s (sha256 %s)%n", out, model.parametersSha256());
        return model;
    }

    Architecture architecture() {
        try {
            return recipe.architecture();
        } catch (IllegalArgumentException e) {
            throw new UserError("--arch " + recipe.layers() + ": " + e.getMessage(), e);
        }
    }

    private static String accuracy(Evaluation e, String none) {
        return e.total() == 0 ? "n/a (" + none + ")" : String.format(Locale.ROOT, "%.4f", e.accuracy());
    }

    private void writeCurves(RecipeResult result, Path curves, Path chart) {
        try {
            if (curves != null) {
                result.epochs().writeCsv(curves);
                stdout.printf("epoch log written to %s%n", curves);
            }
            if (chart != null) {
                CostChart.writePng(result.epochs(), "catstream train --recipe " + recipe.name() + ": " + recipe.layers(), chart);
                stdout.printf("training curves written to %s%n", chart);
            }
        } catch (UncheckedIOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
