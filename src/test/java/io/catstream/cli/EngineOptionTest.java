package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.LayeredNetwork;
import io.catstream.nn.layered.TensorShape;
import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.SharedData;
import io.catstream.train.ImageFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} and {@code evaluate} score a convolutional model with ONNX Runtime unless {@code --engine catstream}
 * asks for catstream's own forward: both print the probability catstream's float64 network computes, to the six
 * decimals shown (the engines differ by float32 rounding, below 1e-6); a bad engine is a one-line user error.
 */
class EngineOptionTest {

    @TempDir
    Path dir;

    private final ModelArtifact conv = TestModels.standardised(
            TestModels.randomLayered(Architecture.parse("conv8,pool,conv8,pool,dense4,dense1", new TensorShape(32, 32, 3)), 21),
            TestModels.randomStandardisation(32, true, 22));

    @Test
    void shouldPrintCatstreamsProbabilityWithEitherEngine() throws IOException {
        Path holdout = SharedData.assumeData("holdout");
        Path cat = ImageFolder.scan(holdout).files().get(0).path();
        Path model = dir.resolve("conv.model");
        ModelCodec.write(model, conv);
        double expected = LayeredNetwork.of(conv.architecture(), conv.arrays()).probability(
                new ImagePreprocessor(conv.input().toPreprocessing(), ImageLimits.defaults()).toFeatures(Files.readAllBytes(cat)));
        String line = String.format(Locale.ROOT, "%s\t%b\t%.6f", cat, expected > 0.5, expected);

        for (List<String> engine : List.of(List.<String>of(), List.of("--engine", "onnx-runtime"), List.of("--engine", "catstream"))) {
            CliRun predict = CliRun.of(concat(List.of("predict", "--model", model.toString(), cat.toString()), engine));
            assertThat(predict.exitCode()).as(predict.toString()).isZero();
            assertThat(predict.out()).as("predict %s", engine).contains(line);
        }
    }

    @Test
    void shouldRefuseAnUnknownEngineWithTheAcceptedOnes() {
        Path model = dir.resolve("conv.model");
        ModelCodec.write(model, conv);

        CliRun run = CliRun.of("evaluate", "--model", model.toString(), "--data", dir.toString(), "--engine", "gpu");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(UserError.BAD_INPUT);
        assertThat(run.err()).contains("invalid value 'gpu' for the engine: one of catstream, onnx-runtime, auto (--engine)");
    }

    private static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
