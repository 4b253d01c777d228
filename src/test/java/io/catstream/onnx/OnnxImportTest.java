package io.catstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.model.Classifiers;
import io.catstream.model.InvalidModelException;
import io.catstream.model.InvalidModelException.Reason;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.nn.layered.Classifier;
import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.PyTorch;
import io.catstream.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A model trained and exported by real PyTorch inside the test run, imported with {@code catstream import-onnx} and
 * scored by ONNX Runtime on real photos after catstream's own preprocessing: the probabilities equal PyTorch's on the
 * very same features to 1e-5. Bad ONNX files are refused with their reason, by the command and by the model reader
 * (the path every published record takes).
 */
class OnnxImportTest {

    private static final int SIZE = 32;
    private static final int PHOTOS_PER_CLASS = 20;
    private static final String IMAGENET_MEAN = "0.485,0.456,0.406";
    private static final String IMAGENET_STD = "0.229,0.224,0.225";

    @TempDir
    static Path dir;
    static PyTorch torch;
    static Path onnx;
    static Path model;

    @BeforeAll
    static void trainExportAndImport() {
        torch = PyTorch.require(dir, SIZE);
        onnx = torch.trainAndExport();
        model = dir.resolve("torch-cnn.model");
        CliRun run = CliRun.of("import-onnx", "--onnx", onnx.toString(), "--image-size", Integer.toString(SIZE),
                "--layout", "nchw", "--mean", IMAGENET_MEAN, "--std", IMAGENET_STD, "--output", "logit",
                "--out", model.toString(), "--name", "torch-cnn");
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    @Test
    void shouldScoreRealPhotosAsPyTorchDoesToOneInAHundredThousand() throws IOException {
        ModelArtifact artifact = ModelCodec.read(model);
        List<Path> photos = photos();
        ImagePreprocessor preprocessor = new ImagePreprocessor(artifact.input().toPreprocessing(), ImageLimits.defaults());
        int n = photos.size();
        int featureCount = preprocessor.contract().featureCount();
        double[] features = new double[n * featureCount];
        for (int i = 0; i < n; i++) {
            preprocessor.writeFeatures(Files.readAllBytes(photos.get(i)), features, i * featureCount);
        }
        double[] ours = new double[n];
        Classifiers.of(artifact).probabilities(features, n, ours);

        double[] theirs = torch.probabilities(features, n);

        assertThat(theirs).hasSize(n);
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, Math.abs(ours[i] - theirs[i]));
        }
        System.out.printf("PyTorch vs catstream + ONNX Runtime on %d photos: p(cat) %.4f..%.4f, largest difference %.3g%n", n,
                Arrays.stream(theirs).min().orElseThrow(), Arrays.stream(theirs).max().orElseThrow(), largest);
        for (int i = 0; i < n; i++) {
            assertThat(ours[i]).as("%s", photos.get(i).getFileName()).isCloseTo(theirs[i], within(1e-5));
        }
        // not a constant: the photos really go through the network
        assertThat(Arrays.stream(theirs).max().orElseThrow() - Arrays.stream(theirs).min().orElseThrow()).isGreaterThan(1e-3);
    }

    @Test
    void shouldCarryTheOnnxBytesAndTheContractInAVersion3File() throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        ModelArtifact artifact = ModelCodec.decode(bytes);

        assertThat(TestModels.header(bytes).get("formatVersion").intValue()).isEqualTo(3);
        assertThat(TestModels.header(bytes).get("kind").textValue()).isEqualTo("onnx");
        assertThat(artifact.isOnnx()).isTrue();
        assertThat(artifact.onnx().bytes()).isEqualTo(Files.readAllBytes(onnx));
        assertThat(artifact.onnx().layout()).isEqualTo(TensorLayout.NCHW);
        assertThat(artifact.onnx().output()).isEqualTo(OutputRule.LOGIT);
        assertThat(artifact.input().mean()).containsExactly(0.485, 0.456, 0.406);
        assertThat(artifact.input().std()).containsExactly(0.229, 0.224, 0.225);
        assertThat(ModelCodec.encode(artifact)).isEqualTo(bytes);
    }

    @Test
    void shouldFoldARawPixelScaleIntoTheStandardisation() throws IOException {
        Path raw = dir.resolve("raw.model");
        CliRun run = CliRun.of("import-onnx", "--onnx", onnx.toString(), "--image-size", Integer.toString(SIZE),
                "--scale", "1", "--output", "logit", "--out", raw.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        ImagePreprocessor scaled = new ImagePreprocessor(ModelCodec.read(raw).input().toPreprocessing(), ImageLimits.defaults());
        byte[] photo = Files.readAllBytes(photos().get(0));

        double[] features = scaled.toFeatures(photo);
        byte[] pixels = scaled.toResizedRgb(photo).pixels();

        for (int i = 0; i < features.length; i++) {
            assertThat(features[i]).isCloseTo(pixels[i] & 0xFF, within(1e-9));
        }
    }

    @Test
    void shouldScoreFromSeveralThreadsAtOnceAsFromOne() throws Exception {
        ModelArtifact artifact = ModelCodec.read(model);
        Classifier classifier = Classifiers.of(artifact);
        ImagePreprocessor preprocessor = new ImagePreprocessor(artifact.input().toPreprocessing(), ImageLimits.defaults());
        List<double[]> features = new ArrayList<>();
        for (Path photo : photos().subList(0, 8)) {
            features.add(preprocessor.toFeatures(Files.readAllBytes(photo)));
        }
        double[] alone = features.stream().mapToDouble(classifier::probability).toArray();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    double[] p = new double[features.size() * 25];
                    for (int r = 0; r < 25; r++) {
                        for (int i = 0; i < features.size(); i++) {
                            p[r * features.size() + i] = classifier.probability(features.get(i));
                        }
                    }
                    return p;
                }));
            }
            for (Future<double[]> run : runs) {
                double[] p = run.get();
                for (int i = 0; i < p.length; i++) {
                    assertThat(p[i]).isEqualTo(alone[i % features.size()]);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** ONNX files catstream must refuse, the options they are imported with, and the reason. */
    enum BadOnnx {
        TRUNCATED("truncated.onnx", "logit", Reason.ONNX_UNREADABLE),
        TWO_INPUTS("two_inputs.onnx", "logit", Reason.ONNX_INPUT_MISMATCH),
        WRONG_SHAPE("wrong_shape.onnx", "logit", Reason.ONNX_INPUT_MISMATCH),
        NOT_A_PROBABILITY("not_probability.onnx", "sigmoid", Reason.ONNX_NOT_A_PROBABILITY),
        SOFTMAX_OF_ONE_VALUE("cnn.onnx", "softmax:1", Reason.ONNX_OUTPUT_MISMATCH),
        OPERATOR_NO_RUNTIME_HAS("custom_op.onnx", "logit", Reason.ONNX_UNSUPPORTED_OPERATOR);

        final String file;
        final String output;
        final Reason reason;

        BadOnnx(String file, String output, Reason reason) {
            this.file = file;
            this.output = output;
            this.reason = reason;
        }
    }

    static Path badFile(BadOnnx bad) throws IOException {
        if (!Files.exists(dir.resolve("two_inputs.onnx"))) {
            torch.writeBadModels();
            byte[] whole = Files.readAllBytes(onnx);
            Files.write(dir.resolve("truncated.onnx"), Arrays.copyOf(whole, whole.length / 2));
        }
        return dir.resolve(bad.file);
    }

    @ParameterizedTest
    @EnumSource(BadOnnx.class)
    void shouldRefuseABadOnnxFileAtImportWithItsReason(BadOnnx bad) throws IOException {
        Path file = badFile(bad);
        CliRun run = CliRun.of("import-onnx", "--onnx", file.toString(), "--image-size", Integer.toString(SIZE),
                "--output", bad.output, "--out", dir.resolve("bad.model").toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains(bad.reason.code());
        assertThat(run.err().strip().lines()).as("one line").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(BadOnnx.class)
    void shouldRefuseAModelFileCarryingABadOnnxGraphWithItsReason(BadOnnx bad) throws IOException {
        byte[] valid = Files.readAllBytes(model);
        byte[] withRule = TestModels.withHeader(valid, h -> ((com.fasterxml.jackson.databind.node.ObjectNode) h.get("onnx"))
                .put("output", bad.output));
        byte[] corrupt = TestModels.withOnnxPayload(withRule, Files.readAllBytes(badFile(bad)));

        assertThatThrownBy(() -> ModelCodec.decode(corrupt)).isInstanceOf(InvalidModelException.class)
                .extracting(e -> ((InvalidModelException) e).reason()).isEqualTo(bad.reason);
    }

    private static List<Path> photos() throws IOException {
        List<Path> photos = new ArrayList<>();
        for (String folder : List.of("article/cats", "article/random_images")) {
            try (Stream<Path> files = Files.list(SharedData.assumeData(folder))) {
                files.sorted().limit(PHOTOS_PER_CLASS).forEach(photos::add);
            }
        }
        return photos;
    }
}
