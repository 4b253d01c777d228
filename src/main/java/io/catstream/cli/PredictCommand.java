package io.catstream.cli;

import io.catstream.image.ImagePreprocessor;
import io.catstream.image.ImageRejectedException;
import io.catstream.model.ModelArtifact;
import io.catstream.nn.layered.Classifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code catstream predict}: is_cat and the probability for each image file. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify image files: one line per file with is_cat and the cat probability.",
            "Exit code 2 if any file could not be read as an image (the others are still classified)."})
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A catstream model file.")
    Path modelFile;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files (JPEG, PNG, GIF, BMP).")
    List<Path> files;

    @Mixin
    ImageOptions images;

    @Mixin
    EngineOption engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelArtifact model = ModelFiles.read(modelFile, "--model");
        Classifier classifier = engine.classifier(model);
        ImagePreprocessor preprocessor = images.preprocessor(model.input());
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        int failures = 0;
        stdout.println("file\tis_cat\tprobability");
        for (Path file : files) {
            try {
                double[] features = preprocessor.toFeatures(file);
                double p = classifier.probability(features);
                stdout.printf(Locale.ROOT, "%s\t%b\t%.6f%n", file, Classifier.isCat(p), p);
            } catch (ImageRejectedException e) {
                stderr.printf("catstream: %s: %s (%s)%n", file, e.getMessage(), e.reason().code());
                failures++;
            } catch (IOException e) {
                stderr.printf("catstream: %s: cannot read the file: %s%n", file, e.getMessage());
                failures++;
            }
        }
        stdout.flush();
        return failures == 0 ? 0 : UserError.BAD_INPUT;
    }
}
