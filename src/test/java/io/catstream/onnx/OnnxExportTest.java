package io.catstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.model.Classifiers;
import io.catstream.model.InputContract;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.ScoringEngine;
import io.catstream.model.TestModels;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.LayeredNetwork;
import io.catstream.nn.layered.ParamSpec;
import io.catstream.nn.layered.TensorShape;
import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Export round trip: a catstream model → {@code export-onnx} → {@code import-onnx} → ONNX Runtime gives catstream's
 * own probabilities on real photos, within {@link #TOLERANCE}. catstream computes in float64; the ONNX graph in
 * float32 (weights and inputs rounded to 24-bit mantissas, sums of up to 9·C products in float32), so the two differ
 * by float32 rounding, not by a different function: a wrong weight order, padding or flatten order moves
 * probabilities by 1e-2 or more.
 */
class OnnxExportTest {

    /** float32 rounding through a few layers of sums: at most 3.2e-7 measured on these networks (docs/onnx.md). */
    static final double TOLERANCE = 1e-6;

    @TempDir
    Path dir;

    enum Network {
        ARTICLE_DENSE_PER_FEATURE_STANDARDISED,
        CNN_PER_CHANNEL_STANDARDISED,
        CNN_WITH_GAP_AND_DROPOUT,
        CNN_WITH_BATCH_NORM_FOLDED
    }

    static ModelArtifact model(Network network) {
        return switch (network) {
            case ARTICLE_DENSE_PER_FEATURE_STANDARDISED -> TestModels.standardised(
                    TestModels.random(new NetworkShape(new int[] {768, 20, 7, 5, 1}), 1),
                    TestModels.randomStandardisation(16, false, 2));
            case CNN_PER_CHANNEL_STANDARDISED -> TestModels.standardised(TestModels.randomLayered(
                    Architecture.parse("conv8,pool,conv16,pool,dense16,dense1", new TensorShape(32, 32, 3)), 3),
                    TestModels.randomStandardisation(32, true, 4));
            case CNN_WITH_GAP_AND_DROPOUT -> TestModels.randomLayered(
                    Architecture.parse("conv8,pool,conv16,gap,drop50,dense8,dense1", new TensorShape(32, 32, 3)), 5);
            case CNN_WITH_BATCH_NORM_FOLDED -> folded(Architecture.parse("convbn8,pool,conv16,pool,densebn8,dense1",
                    new TensorShape(32, 32, 3)), 6);
        };
    }

    /** A batch-normalised network with random γ, running mean and (positive) variance, folded as a model file stores it. */
    private static ModelArtifact folded(Architecture normalised, long seed) {
        List<double[]> arrays = TestModels.randomArrays(normalised, seed);
        List<ParamSpec> specs = normalised.parameters();
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().startsWith("var")) {
                double[] v = arrays.get(i);
                for (int j = 0; j < v.length; j++) {
                    v[j] = 0.5 + Math.abs(v[j]);
                }
            }
        }
        LayeredNetwork folded = LayeredNetwork.of(normalised, arrays).folded();
        return ModelArtifact.of("cats-bn", InputContract.rgb(normalised.input().height()), TestModels.trainingFacts(),
                Map.of(), folded.architecture(), folded.parameters());
    }

    @ParameterizedTest
    @EnumSource(Network.class)
    void shouldGiveCatstreamsOwnProbabilitiesOnRealPhotosAfterExportAndImport(Network network) throws IOException {
        ModelArtifact original = model(network);
        Path modelFile = dir.resolve("original.model");
        ModelCodec.write(modelFile, original);
        Path onnx = dir.resolve("exported.onnx");
        Path imported = dir.resolve("imported.model");
        int size = original.input().imageSize();

        CliRun export = CliRun.of("export-onnx", "--model", modelFile.toString(), "--out", onnx.toString());
        assertThat(export.exitCode()).as(export.toString()).isZero();
        CliRun back = CliRun.of("import-onnx", "--onnx", onnx.toString(), "--image-size", Integer.toString(size),
                "--layout", "nchw", "--output", "sigmoid", "--out", imported.toString());
        assertThat(back.exitCode()).as(back.toString()).isZero();
        ModelArtifact viaOnnx = ModelCodec.read(imported);

        List<byte[]> photos = photos();
        ImagePreprocessor ours = new ImagePreprocessor(original.input().toPreprocessing(), ImageLimits.defaults());
        ImagePreprocessor theirs = new ImagePreprocessor(viaOnnx.input().toPreprocessing(), ImageLimits.defaults());
        double maxDifference = 0;
        double min = 1;
        double max = 0;
        for (byte[] photo : photos) {
            double expected = Classifiers.of(original, ScoringEngine.CATSTREAM).probability(ours.toFeatures(photo));
            double actual = Classifiers.of(viaOnnx).probability(theirs.toFeatures(photo));
            maxDifference = Math.max(maxDifference, Math.abs(expected - actual));
            min = Math.min(min, expected);
            max = Math.max(max, expected);
        }
        System.out.printf("%s: %d photos, p(cat) %.4f..%.4f, largest |catstream - ONNX Runtime| %.3g%n", network,
                photos.size(), min, max, maxDifference);
        assertThat(maxDifference).isLessThanOrEqualTo(TOLERANCE);
        assertThat(max - min).as("the photos give probabilities far more different than the tolerance").isGreaterThan(100 * TOLERANCE);
    }

    static List<byte[]> photos() throws IOException {
        List<byte[]> photos = new ArrayList<>();
        for (String folder : List.of("article/cats", "article/random_images")) {
            try (Stream<Path> files = Files.list(SharedData.assumeData(folder))) {
                for (Path p : files.sorted().limit(12).toList()) {
                    photos.add(Files.readAllBytes(p));
                }
            }
        }
        return photos;
    }
}
