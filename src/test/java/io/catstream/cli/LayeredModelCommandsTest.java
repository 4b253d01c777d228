package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.model.Classifiers;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.TensorShape;
import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.SharedData;
import io.catstream.train.Evaluation;
import io.catstream.train.ImageFolder;
import io.catstream.train.ImageLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** show-model, predict and evaluate on format-version-2 models: standardised and convolutional. */
class LayeredModelCommandsTest {

    @TempDir
    Path dir;

    /** 16×16 input: small enough to be instant, large enough to take real photos. */
    private final ModelArtifact standardised = TestModels.standardised(
            TestModels.random(new NetworkShape(new int[] {768, 5, 1}), 3), TestModels.randomStandardisation(16, true, 4));
    private final ModelArtifact conv = TestModels.standardised(
            TestModels.randomLayered(Architecture.parse("conv4,pool,dense3,dense1", new TensorShape(16, 16, 3)), 6),
            TestModels.randomStandardisation(16, false, 7));

    private Path write(ModelArtifact model, String name) {
        Path file = dir.resolve(name);
        ModelCodec.write(file, model);
        return file;
    }

    @Test
    void shouldShowTheArchitectureAndTheStandardisationOfAVersion2Model() {
        CliRun dense = CliRun.of("show-model", "--model", write(standardised, "std.catmodel").toString());
        CliRun layered = CliRun.of("show-model", "--model", write(conv, "conv.catmodel").toString());

        assertThat(dense.exitCode()).as(dense.toString()).isZero();
        assertThat(dense.out()).contains("\"formatVersion\" : 2", "network: dense, dims 768,5,1",
                "input: 16x16 RGB, standardised per channel", "format version 2", "status: usable");
        assertThat(layered.exitCode()).as(layered.toString()).isZero();
        assertThat(layered.out()).contains("network: layers conv4,pool,dense3,dense1 on 16x16x3",
                "input: 16x16 RGB, standardised per feature", "\"mean\" : \"768 numbers (per-feature standardisation), not shown\"",
                "status: usable");
    }

    @Test
    void shouldPredictAndEvaluateWithTheModelsStandardisationAsTheScorerDoes() {
        Path holdout = SharedData.assumeData("holdout");
        Path cat = ImageFolder.scan(holdout).files().get(0).path();
        Path model = write(standardised, "std.catmodel");
        double expected = Classifiers.of(standardised).probability(
                new ImagePreprocessor(standardised.input().toPreprocessing(), ImageLimits.defaults()).toFeatures(readable(cat)));

        CliRun predict = CliRun.of("predict", "--model", model.toString(), cat.toString());
        CliRun evaluate = CliRun.of("evaluate", "--model", model.toString(), "--data", holdout.toString());

        assertThat(predict.exitCode()).as(predict.toString()).isZero();
        assertThat(predict.out()).contains(String.format(Locale.ROOT, "%s\t%b\t%.6f", cat, expected > 0.5, expected));
        assertThat(evaluate.exitCode()).as(evaluate.toString()).isZero();
        Evaluation offline = Evaluation.of(Classifiers.of(standardised), new ImageLoader(new ImagePreprocessor(
                standardised.input().toPreprocessing(), ImageLimits.defaults())).load(ImageFolder.scan(holdout)).examples());
        assertThat(evaluate.out()).contains("768,5,1, standardised per channel").contains(offline.report())
                .containsPattern("scorer speed: \\d+ images/s on one thread \\(200 images: preprocess \\d+ µs \\+ forward \\d+ µs");
    }

    @Test
    void shouldPredictWithAConvolutionalModel() {
        Path cat = ImageFolder.scan(SharedData.assumeData("holdout")).files().get(0).path();
        double expected = Classifiers.of(conv).probability(
                new ImagePreprocessor(conv.input().toPreprocessing(), ImageLimits.defaults()).toFeatures(readable(cat)));

        CliRun predict = CliRun.of("predict", "--model", write(conv, "conv.catmodel").toString(), cat.toString());

        assertThat(predict.exitCode()).as(predict.toString()).isZero();
        assertThat(predict.out()).contains(String.format(Locale.ROOT, "%s\t%b\t%.6f", cat, expected > 0.5, expected));
    }

    private static byte[] readable(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
