package io.catstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.model.Classifiers;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.ScoringEngine;
import io.catstream.model.TestModels;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.Classifier;
import io.catstream.nn.layered.DenseClassifier;
import io.catstream.nn.layered.LayeredNetwork;
import io.catstream.nn.layered.TensorShape;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Classifiers#of} picks ONNX Runtime for catstream's convolutional networks (export-onnx's graph, opened in
 * memory) and catstream's own engine for dense ones, and the ONNX Runtime path gives catstream's float64
 * probabilities on real photos within the export's float32 tolerance ({@link OnnxExportTest#TOLERANCE}), with the
 * model's standardisation applied once (by the preprocessing, not again in the graph).
 */
class EngineChoiceTest {

    /** The recommended CNN's shape (the {@code cnn} recipe, batch normalisation folded), per-channel standardised. */
    static ModelArtifact recommendedShape() {
        return TestModels.standardised(TestModels.randomLayered(Architecture.parse(
                        "conv32,pool,conv64,pool,conv128,pool,dense128,dense1", new TensorShape(64, 64, 3)), 11),
                TestModels.randomStandardisation(64, true, 12));
    }

    @Test
    void shouldScoreAConvolutionalNetworkWithOnnxRuntimeByDefault() {
        ModelArtifact cnn = recommendedShape();

        try (OnnxClassifier byDefault = (OnnxClassifier) Classifiers.of(cnn)) {
            assertThat(byDefault.inputSize()).isEqualTo(64 * 64 * 3);
        }
        assertThat(Classifiers.chosen(cnn, ScoringEngine.AUTO)).isEqualTo(ScoringEngine.ONNX_RUNTIME);
        assertThat(Classifiers.of(cnn, ScoringEngine.CATSTREAM)).isInstanceOf(LayeredNetwork.class);
    }

    @Test
    void shouldScoreADenseNetworkWithCatstreamsEngineByDefault() {
        ModelArtifact article = OnnxExportTest.model(OnnxExportTest.Network.ARTICLE_DENSE_PER_FEATURE_STANDARDISED);

        assertThat(Classifiers.chosen(article, ScoringEngine.AUTO)).isEqualTo(ScoringEngine.CATSTREAM);
        assertThat(Classifiers.of(article)).isInstanceOf(DenseClassifier.class);
        Classifier onnx = Classifiers.of(article, ScoringEngine.ONNX_RUNTIME);
        assertThat(onnx).isInstanceOf(OnnxClassifier.class);
        Classifiers.close(onnx);
    }

    @ParameterizedTest
    @EnumSource(OnnxExportTest.Network.class)
    void shouldGiveCatstreamsProbabilitiesOnRealPhotosThroughOnnxRuntime(OnnxExportTest.Network network) throws IOException {
        assertSameProbabilities(network.toString(), OnnxExportTest.model(network));
    }

    @Test
    void shouldGiveCatstreamsProbabilitiesOnRealPhotosForTheRecommendedCnnShape() throws IOException {
        assertSameProbabilities("recommended CNN shape", recommendedShape());
    }

    private static void assertSameProbabilities(String what, ModelArtifact model) throws IOException {
        // through the codec, as serve, evaluate and predict read it
        ModelArtifact read = ModelCodec.decode(ModelCodec.encode(model));
        List<byte[]> photos = OnnxExportTest.photos();
        ImagePreprocessor preprocessor = new ImagePreprocessor(read.input().toPreprocessing(), ImageLimits.defaults());
        Classifier catstream = Classifiers.of(read, ScoringEngine.CATSTREAM);
        Classifier onnx = Classifiers.of(read, ScoringEngine.ONNX_RUNTIME);
        try {
            double maxDifference = 0;
            double min = 1;
            double max = 0;
            for (byte[] photo : photos) {
                double[] features = preprocessor.toFeatures(photo);
                double expected = catstream.probability(features);
                maxDifference = Math.max(maxDifference, Math.abs(expected - onnx.probability(features)));
                min = Math.min(min, expected);
                max = Math.max(max, expected);
            }
            System.out.printf("%s: %d photos, p(cat) %.4f..%.4f, largest |catstream - ONNX Runtime| %.3g%n", what,
                    photos.size(), min, max, maxDifference);
            assertThat(maxDifference).isLessThanOrEqualTo(OnnxExportTest.TOLERANCE);
            assertThat(max - min).as("the photos give probabilities far more different than the tolerance")
                    .isGreaterThan(100 * OnnxExportTest.TOLERANCE);
        } finally {
            Classifiers.close(onnx);
        }
    }
}
