package io.catstream.stream;

import io.catstream.send.ImageSource;
import io.catstream.serve.ScoringApp;
import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.image.PreprocessingContract;
import io.catstream.image.Standardisation;
import io.catstream.model.Classifiers;
import io.catstream.model.InputContract;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.TensorShape;
import io.catstream.testsupport.EmbeddedBroker;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #7 on a real broker: a standardised model (another image size than the one it replaces) published to the
 * topic, swapped in live, and every label it gives equal to the same model applied offline to the same bytes, so
 * the scorer applied exactly the trainer's standardisation; once with a dense model, once with a convolutional one.
 */
class LayeredModelSwapIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    @Test
    void shouldScoreWithAStandardisedModelOfAnotherImageSizeOnceItIsPublishedMidStream() {
        List<ImageSource> photos = StreamTestKit.articleImages(10);
        ModelArtifact standardised = standardisedOn(photos, 16);

        assertSwapScoresLikeTheModelOffline("std.", photos, standardised);
    }

    @Test
    void shouldScoreWithAConvolutionalModelOfAnotherImageSizeOnceItIsPublishedMidStream() {
        List<ImageSource> photos = StreamTestKit.articleImages(10);
        ModelArtifact conv = TestModels.standardised(TestModels.randomLayered(
                Architecture.parse("conv4,pool,conv8,pool,dense8,dense1", new TensorShape(16, 16, 3)), 3).withName(StreamTestKit.MODEL),
                standardisedOn(photos, 16).input().standardisation());

        assertSwapScoresLikeTheModelOffline("conv.", photos, conv);
    }

    /**
     * v1: the tiny 8×8 dense model; then {@code v2} is published while the scorer runs. The first half of the photos
     * is scored by v1, the second by v2, whose probabilities must be the offline ones.
     */
    private void assertSwapScoresLikeTheModelOffline(String prefix, List<ImageSource> photos, ModelArtifact v2) {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), prefix);
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        try (ScoringApp app = ScoringApp.start(StreamTestKit.config(KAFKA.settings(), topics, prefix + "scorer",
                StreamTestKit.tempDir(prefix)))) {
            assertSwapScoresLikeTheModelOffline(app, topics, photos, v2);
        }
    }

    private static void assertSwapScoresLikeTheModelOffline(ScoringApp app, ScoringTopics topics, List<ImageSource> photos,
                                                           ModelArtifact v2) {
        await().atMost(DEADLINE).until(() -> app.health().healthy());
        int half = photos.size() / 2;

        send(topics, photos.subList(0, half));
        List<Label> before = StreamTestKit.labels(StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), half));
        StreamTestKit.publish(KAFKA.settings(), topics, ModelCodec.encode(v2));
        await().atMost(DEADLINE).until(() -> app.context().active().current().version() == 2);
        send(topics, photos.subList(half, photos.size()));
        List<Label> all = StreamTestKit.labels(StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), photos.size()));

        assertThat(before).allSatisfy(l -> assertThat(l.modelVersion()).isEqualTo(1));
        Map<String, ImageSource> byId = photos.stream().collect(Collectors.toMap(ImageSource::id, Function.identity()));
        List<Label> scoredByV2 = all.stream().filter(l -> l.modelVersion() == 2).toList();
        assertThat(scoredByV2).hasSize(photos.size() - half);
        ImagePreprocessor offline = new ImagePreprocessor(v2.input().toPreprocessing(), ImageLimits.defaults());
        for (Label label : scoredByV2) {
            double expected = Classifiers.of(v2).probability(offline.toFeatures(bytes(byId.get(label.imageId()))));
            assertThat(label.probability()).as(label.imageId()).isCloseTo(expected, within(1e-12));
        }
        assertThat(app.context().metrics().registry().find("catstream.models.refused").counters().stream()
                .mapToDouble(c -> c.count()).sum()).isZero();
    }

    /** A dense model at {@code size}² standardised per feature with the statistics of {@code photos}. */
    private static ModelArtifact standardisedOn(List<ImageSource> photos, int size) {
        ImagePreprocessor plain = new ImagePreprocessor(PreprocessingContract.ofImageSize(size), ImageLimits.defaults());
        int n = 3 * size * size;
        double[] features = new double[photos.size() * n];
        for (int i = 0; i < photos.size(); i++) {
            plain.writeFeatures(bytes(photos.get(i)), features, i * n);
        }
        Standardisation standardisation = Standardisation.fit(features, photos.size(), n, 3, false);
        return new ModelArtifact(StreamTestKit.MODEL, InputContract.rgb(size).withStandardisation(standardisation),
                TestModels.trainingFacts(), null, TestModels.randomParameters(new NetworkShape(new int[] {n, 6, 1}), 2));
    }

    private static void send(ScoringTopics topics, List<ImageSource> images) {
        StreamTestKit.sendImages(KAFKA.settings(), topics.images(), images);
    }

    private static byte[] bytes(ImageSource image) {
        return StreamTestKit.bytes(image);
    }
}
