package io.catstream.cli;

import io.catstream.image.ImagePreprocessor;
import io.catstream.model.ModelArtifact;
import io.catstream.nn.layered.Classifier;
import io.catstream.train.DatasetException;
import io.catstream.train.Evaluation;
import io.catstream.train.ImageFolder;
import io.catstream.train.ImageLoader;
import io.catstream.train.LoadedImages;
import io.catstream.train.ScoringSpeed;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream evaluate}: accuracy, confusion matrix and per-class precision/recall on a labelled folder. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a labelled image folder (cats/, random_images/) with a model and report its accuracy.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A catstream model file.")
    Path modelFile;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Images in DIR/cats (label 1) and DIR/random_images (label 0).")
    Path folder;

    @Mixin
    ImageOptions images;

    @Mixin
    EngineOption engine;

    @Option(names = "--time-scoring", paramLabel = "N", defaultValue = "200",
            description = "Also time the scorer's per-image work (decode, resize, forward) on one thread over the first N "
                    + "images, to compare models; 0 to skip (default: ${DEFAULT-VALUE}).")
    int timeScoring;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelArtifact model = ModelFiles.read(modelFile, "--model");
        Classifier classifier = engine.classifier(model);
        LoadedImages loaded;
        ImagePreprocessor preprocessor = images.preprocessor(model.input());
        try {
            loaded = new ImageLoader(preprocessor).load(ImageFolder.scan(folder));
        } catch (DatasetException e) {
            throw new UserError(e.getMessage(), e);
        }
        Evaluation evaluation = Evaluation.of(classifier, loaded.examples());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("model %s (%s, %s), %d images from %s%s%n", model.name(), model.describeNetwork(),
                model.input().describeStandardisation(), loaded.examples().size(), folder,
                loaded.skipped().isEmpty() ? "" : " (" + loaded.skipped().size() + " unreadable files skipped)");
        stdout.println(evaluation.report());
        if (timeScoring > 0) {
            stdout.println("scorer speed: " + ScoringSpeed.measure(loaded.files(), timeScoring, preprocessor, classifier));
        }
        return 0;
    }
}
