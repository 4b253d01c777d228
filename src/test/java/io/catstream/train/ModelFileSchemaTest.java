package io.catstream.train;

import static io.catstream.testsupport.RecordSchemas.MODEL_FILE_HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.image.PreprocessingContract;
import io.catstream.model.InputContract;
import io.catstream.model.ModelArtifact;
import io.catstream.onnx.OnnxExport;
import io.catstream.onnx.OnnxGraph;
import io.catstream.onnx.OutputRule;
import io.catstream.onnx.TensorLayout;
import io.catstream.model.ModelCodec;
import io.catstream.model.TrainingFacts;
import io.catstream.nn.LabelledExamples;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import io.catstream.nn.layered.Initialisation;
import io.catstream.testsupport.RecordSchemas;
import io.catstream.train.augment.Augmentations;
import io.catstream.train.optim.LearningRateSchedule;
import io.catstream.train.optim.Optimizer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.Writer;
import java.time.Instant;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The header of the model files the trainers really write (through {@link ArticleModel} and {@link RecipeRun}, then
 * {@link ModelCodec}) and of an imported model is valid under {@code topics/schemas/model-file.header.schema.json};
 * a header that breaks the contract is not.
 */
class ModelFileSchemaTest {

    private static final int S = 4;

    /** 40 tiny 4×4 "images": cats bright, non-cats dark, with noise. */
    private static TrainingData tinyImages() {
        Random random = new Random(3);
        int n = 3 * S * S;
        DMatrixRMaj x = new DMatrixRMaj(40, n);
        DMatrixRMaj y = new DMatrixRMaj(1, 40);
        for (int e = 0; e < 40; e++) {
            y.data[e] = e % 2;
            for (int f = 0; f < n; f++) {
                x.data[e * n + f] = (y.data[e] == 1 ? 0.6 : 0.1) + 0.3 * random.nextDouble();
            }
        }
        return TrainingData.withoutTest(new LabelledExamples(x, y), "tiny");
    }

    private static byte[] articleModelFile() {
        TrainingData set = tinyImages();
        NetworkShape shape = new NetworkShape(new int[] {3 * S * S, 4, 1});
        TrainingConfig config = new TrainingConfig(shape, 0.05, 5, 1, 5, TrainingConfig.Solver.AUTO);
        TrainingResult result = new Trainer(config, quiet()).quiet().train(set.train(), Parameters.initialize(shape, 1));
        ModelArtifact model = ArticleModel.artifact("tiny", PreprocessingContract.ofImageSize(S), config, true, set, result,
                Evaluation.of(result.parameters(), set.train()), Evaluation.of(result.parameters(), set.test()));
        return ModelCodec.encode(model);
    }

    private static byte[] recipeModelFile() {
        Recipe recipe = new Recipe("test", "conv2,pool,dense3,dense1", S, Initialisation.HE, Optimizer.Kind.ADAM, 0.01, 0.9,
                new LearningRateSchedule.Constant(), 8, 2, 1e-4, Augmentations.parse("flip"), StandardisationMode.CHANNEL,
                0.25, 0, 0, 1);
        return ModelCodec.encode(new RecipeRun(recipe, quiet()).run("tiny-cnn", tinyImages(), 1).artifact());
    }

    private static PrintWriter quiet() {
        return new PrintWriter(Writer.nullWriter());
    }

    @Test
    void shouldWriteArticleModelHeadersThatMatchTheSchema() {
        byte[] header = RecordSchemas.modelFileHeader(articleModelFile());

        RecordSchemas.assertValid(MODEL_FILE_HEADER, header);
        assertThat(new String(header, StandardCharsets.UTF_8)).contains("\"formatVersion\":1");
    }

    @Test
    void shouldWriteStandardisedConvolutionalModelHeadersThatMatchTheSchema() {
        byte[] header = RecordSchemas.modelFileHeader(recipeModelFile());

        RecordSchemas.assertValid(MODEL_FILE_HEADER, header);
        assertThat(new String(header, StandardCharsets.UTF_8)).contains("\"formatVersion\":2", "\"mean\":[");
    }

    @Test
    void shouldWriteImportedModelHeadersWithUnknownFactsThatMatchTheSchema() {
        NetworkShape shape = new NetworkShape(new int[] {3 * S * S, 2, 1});
        ModelArtifact imported = ModelArtifact.of("imported", InputContract.of(PreprocessingContract.ofImageSize(S)),
                TrainingFacts.imported(Instant.parse("2026-11-27T10:00:00Z")), Parameters.initialize(shape, 2));

        RecordSchemas.assertValid(MODEL_FILE_HEADER, RecordSchemas.modelFileHeader(ModelCodec.encode(imported)));
    }

    /** A format-3 model: the recipe network written as ONNX by export-onnx's writer, imported back. */
    private static byte[] onnxModelFile() {
        ModelArtifact cnn = ModelCodec.decode(recipeModelFile());
        byte[] graph = OnnxExport.of(cnn.architecture(), cnn.arrays(), S, cnn.input().standardisation(), "test");
        return ModelCodec.encode(ModelArtifact.ofOnnx("tiny-onnx", InputContract.of(PreprocessingContract.ofImageSize(S)),
                TrainingFacts.imported(Instant.parse("2026-12-02T10:00:00Z")), java.util.Map.of("importedFrom", "tiny.onnx"),
                new OnnxGraph(graph, TensorLayout.NCHW, OutputRule.SIGMOID)));
    }

    @Test
    void shouldWriteOnnxModelHeadersThatMatchTheSchema() {
        byte[] header = RecordSchemas.modelFileHeader(onnxModelFile());

        RecordSchemas.assertValid(MODEL_FILE_HEADER, header);
        assertThat(new String(header, StandardCharsets.UTF_8)).contains("\"formatVersion\":3", "\"onnx\":{");
        RecordSchemas.assertInvalidAfter(MODEL_FILE_HEADER, header, n -> n.remove("onnx"));
        RecordSchemas.assertInvalidAfter(MODEL_FILE_HEADER, header, n -> n.putArray("arrays"));
        RecordSchemas.assertInvalidAfter(MODEL_FILE_HEADER, header, n -> ((ObjectNode) n.get("onnx")).put("output", "tanh"));
    }

    @Test
    void shouldDescribeTheOptionalDriftReference() {
        byte[] v2 = RecordSchemas.modelFileHeader(recipeModelFile());

        assertThat(new String(v2, StandardCharsets.UTF_8)).contains("\"reference\":{");
        RecordSchemas.assertInvalidAfter(MODEL_FILE_HEADER, v2, n -> ((ObjectNode) n.get("reference")).put("catRate", 1.5));
        RecordSchemas.assertInvalidAfter(MODEL_FILE_HEADER, v2, n -> ((ObjectNode) n.get("reference")).putArray("probability").add(1));
    }

    @Test
    void shouldRefuseHeadersThatBreakTheContract() {
        byte[] v1 = RecordSchemas.modelFileHeader(articleModelFile());
        byte[] v2 = RecordSchemas.modelFileHeader(recipeModelFile());

        RecordSchemas.assertInvalidAfter(MODEL_FILE_HEADER, v1, n -> n.put("formatVersion", 3));
        RecordSchemas.assertInvalidAfter(MODEL_FILE_HEADER, v1, n -> n.put("parametersSha256", "ABC"));
        RecordSchemas.assertInvalidAfter(MODEL_FILE_HEADER, v1, n -> n.remove("dims"));
        RecordSchemas.assertInvalidAfter(MODEL_FILE_HEADER, v1, n -> n.putObject("architecture"));
        RecordSchemas.assertInvalidAfter(MODEL_FILE_HEADER, v1, n -> ((ObjectNode) n.get("training")).put("trainAccuracy", 1.2));
        RecordSchemas.assertInvalidAfter(MODEL_FILE_HEADER, v1, n -> ((ObjectNode) n.get("input")).putArray("mean").add(0.5));
        RecordSchemas.assertInvalidAfter(MODEL_FILE_HEADER, v2, n -> n.remove("architecture"));
        RecordSchemas.assertInvalidAfter(MODEL_FILE_HEADER, v2, n -> ((ObjectNode) n.get("architecture")).putArray("layers").add("convbn2"));
        RecordSchemas.assertInvalidAfter(MODEL_FILE_HEADER, v2, n -> ((ObjectNode) n.get("input")).putArray("std").add(0.0));
    }
}
