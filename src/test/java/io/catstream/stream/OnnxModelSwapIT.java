package io.catstream.stream;

import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.model.Classifiers;
import io.catstream.model.InputContract;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.model.TrainingFacts;
import io.catstream.nn.layered.Classifier;
import io.catstream.onnx.OnnxGraph;
import io.catstream.onnx.OutputRule;
import io.catstream.onnx.TensorLayout;
import io.catstream.send.ImageSource;
import io.catstream.serve.ScoringApp;
import io.catstream.testsupport.EmbeddedBroker;
import io.catstream.testsupport.PyTorch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15 on a real broker: a CNN trained and exported by real PyTorch in the test run is published as an ONNX
 * model while a catstream model serves, swapped in live (its labels equal the same ONNX model applied offline to the
 * same bytes), then bad ONNX models are published and refused with their reasons while the ONNX model keeps
 * labelling, and a catstream model swaps back in.
 */
class OnnxModelSwapIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    private static final int SIZE = 32;

    @TempDir
    Path dir;

    @Test
    void shouldSwapFromACatstreamModelToAnOnnxModelAndBackRefusingBadOnnxModelsOnTheWay() throws IOException {
        PyTorch torch = PyTorch.require(dir, SIZE);
        ModelArtifact onnx = ModelArtifact.ofOnnx(StreamTestKit.MODEL, InputContract.rgb(SIZE), TrainingFacts.imported(Instant.now()),
                Map.of(), new OnnxGraph(Files.readAllBytes(torch.trainAndExport()), TensorLayout.NCHW, OutputRule.LOGIT));
        byte[] onnxBytes = ModelCodec.encode(onnx);
        Map<String, byte[]> bad = badModels(torch, onnxBytes);
        List<ImageSource> photos = StreamTestKit.articleImages(6);
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "onnx.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));

        try (ScoringApp app = ScoringApp.start(StreamTestKit.config(KAFKA.settings(), topics, "onnx.scorer",
                StreamTestKit.tempDir("onnx.")))) {
            await().atMost(DEADLINE).until(() -> app.health().healthy());
            send(topics, photos.subList(0, 4));
            StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), 4);

            StreamTestKit.publish(KAFKA.settings(), topics, onnxBytes);
            await().atMost(DEADLINE).until(() -> app.context().active().current().version() == 2);
            send(topics, photos.subList(4, 8));

            int version = 100;
            for (Map.Entry<String, byte[]> b : bad.entrySet()) {
                double before = refused(app, b.getKey());
                StreamTestKit.send(KAFKA.settings(), StreamFixtures.published(topics.modelWeights(), StreamTestKit.MODEL,
                        version++, b.getValue(), Instant.now(), false, null));
                await(b.getKey()).atMost(DEADLINE).until(() -> refused(app, b.getKey()) == before + 1);
                assertThat(app.context().active().current().version()).as(b.getKey()).isEqualTo(2);
            }

            byte[] back = StreamTestKit.tinyModel(3);
            StreamTestKit.publish(KAFKA.settings(), topics, back);
            await().atMost(DEADLINE).until(() -> !app.context().active().current().published().artifact().isOnnx());
            int backVersion = app.context().active().current().version();
            send(topics, photos.subList(8, 12));

            List<Label> labels = StreamTestKit.labels(StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), 12));
            Map<String, ImageSource> byId = photos.stream().collect(Collectors.toMap(ImageSource::id, Function.identity()));
            assertLabels(labels, byId, photos.subList(0, 4), 1, ModelCodec.decode(StreamTestKit.tinyModel(1)));
            assertLabels(labels, byId, photos.subList(4, 8), 2, onnx);
            assertLabels(labels, byId, photos.subList(8, 12), backVersion, ModelCodec.decode(back));
            assertThat(app.health().healthy()).isTrue();
        }
    }

    /** Every label of {@code photos} came from {@code version} and equals {@code model} applied offline. */
    private static void assertLabels(List<Label> labels, Map<String, ImageSource> byId, List<ImageSource> photos, int version,
                                     ModelArtifact model) {
        List<String> ids = photos.stream().map(ImageSource::id).toList();
        List<Label> mine = labels.stream().filter(l -> ids.contains(l.imageId())).toList();
        assertThat(mine).hasSize(photos.size()).allSatisfy(l -> assertThat(l.modelVersion()).isEqualTo(version));
        ImagePreprocessor offline = new ImagePreprocessor(model.input().toPreprocessing(), ImageLimits.defaults());
        Classifier classifier = Classifiers.of(model);
        for (Label label : mine) {
            double expected = classifier.probability(offline.toFeatures(bytes(byId.get(label.imageId()))));
            assertThat(label.probability()).as(label.imageId()).isCloseTo(expected, within(1e-9));
        }
    }

    /** Reason code → a version-3 model record whose ONNX graph ONNX Runtime or the checks refuse. */
    private static Map<String, byte[]> badModels(PyTorch torch, byte[] valid) throws IOException {
        Path dir = torch.writeBadModels();
        byte[] onnx = ModelCodec.decode(valid).onnx().bytes();
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("onnx-unreadable", TestModels.withOnnxPayload(valid, Arrays.copyOf(onnx, onnx.length / 2)));
        bad.put("onnx-input-mismatch", TestModels.withOnnxPayload(valid, Files.readAllBytes(dir.resolve("two_inputs.onnx"))));
        bad.put("onnx-unsupported-operator", TestModels.withOnnxPayload(valid, Files.readAllBytes(dir.resolve("custom_op.onnx"))));
        bad.put("onnx-not-a-probability", TestModels.withOnnxPayload(TestModels.withHeader(valid,
                h -> ((com.fasterxml.jackson.databind.node.ObjectNode) h.get("onnx")).put("output", "sigmoid")),
                Files.readAllBytes(dir.resolve("not_probability.onnx"))));
        return bad;
    }

    private static double refused(ScoringApp app, String reason) {
        var counter = app.context().metrics().registry().find("catstream.models.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void send(ScoringTopics topics, List<ImageSource> images) {
        StreamTestKit.sendImages(KAFKA.settings(), topics.images(), images);
    }

    private static byte[] bytes(ImageSource image) {
        return StreamTestKit.bytes(image);
    }
}
