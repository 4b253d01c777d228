package io.catstream.cli;

import io.catstream.train.ImageLoader;
import io.catstream.train.TrainingData;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Writes the exact numbers catstream trains on as NumPy arrays, so NumPy can train on the same input. */
@Command(name = "export-dataset", mixinStandardHelpOptions = true,
        description = {"Preprocess an image folder, split it as 'train' does and write X, Y, X_test, Y_test (.npz).",
            "X is features × examples as in the article, float64."})
final class ExportDatasetCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Mixin
    ImageOptions images;

    @Option(names = "--image-size", paramLabel = "S", defaultValue = "128",
            description = "Resize images to S × S (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The .npz file to write.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TrainingData set = data.load(new ImageLoader(images.preprocessor(imageSize)));
        set.writeNpz(out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("wrote %s: X %d × %d, X_test %d × %d (%s)%n", out, set.train().featureCount(), set.train().size(),
                set.test().featureCount(), set.test().size(), set.source());
        return 0;
    }
}
