package io.catstream.stream;

import io.catstream.web.RecentScores;
import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.metrics.ScoringMetrics;
import io.catstream.model.Classifiers;
import io.catstream.model.ModelArtifact;
import io.catstream.model.TestModels;
import io.catstream.nn.NetworkShape;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One {@link Scorer} across live swaps between models of different image sizes and layer types: its feature buffer
 * follows the model, the features follow the model's own contract (standardisation included), and each label's
 * probability is what the model's {@link io.catstream.nn.layered.Classifier} gives offline for the same bytes.
 */
class ScorerModelSwapTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private final Clock clock = Clock.systemUTC();
    private final ScoringMetrics metrics = new ScoringMetrics(new SimpleMeterRegistry(), "cats", clock);
    private final ActiveModel active = new ActiveModel("cats", ImageLimits.defaults(), metrics, clock);
    private final Scorer scorer = new Scorer(active, metrics, new RecentScores(4), clock);
    private final byte[] photo = StreamFixtures.jpeg(3);

    private final ModelArtifact dense8 = TestModels.random(new NetworkShape(new int[] {192, 4, 1}), 1).withName("cats");
    private final ModelArtifact standardised4 = TestModels.standardised(TestModels.random(TestModels.SMALL, 2).withName("cats"),
            TestModels.randomStandardisation(4, false, 3));

    @Test
    void shouldScoreWithEachModelsOwnSizeAndStandardisationAcrossLiveSwaps() {
        List<Label> labels = scoreAcrossSwaps(dense8, standardised4);
        Label first = labels.get(0);
        Label second = labels.get(1);
        Label third = labels.get(2);

        assertThat(first.modelVersion()).isEqualTo(1);
        assertThat(first.probability()).isEqualTo(offline(dense8));
        assertThat(second.modelVersion()).isEqualTo(2);
        assertThat(second.probability()).isEqualTo(offline(standardised4)).isNotEqualTo(offline(
                TestModels.standardised(standardised4, null)));
        assertThat(third.probability()).isEqualTo(first.probability());
    }

    @Test
    void shouldSwapBetweenADenseAndAConvolutionalModelOfAnotherImageSize() {
        ModelArtifact conv = TestModels.standardised(TestModels.randomLayered(TestModels.CONV, 4).withName("cats"),
                TestModels.randomStandardisation(8, true, 5));
        List<Label> labels = scoreAcrossSwaps(standardised4, conv);
        Label dense = labels.get(0);
        Label convolutional = labels.get(1);
        Label denseAgain = labels.get(2);

        assertThat(convolutional.modelVersion()).isEqualTo(2);
        assertThat(convolutional.probability()).isEqualTo(offline(conv));
        assertThat(dense.probability()).isEqualTo(offline(standardised4)).isEqualTo(denseAgain.probability());
    }

    /** The photo scored by {@code a} (v1), then {@code b} (v2), then {@code a} again (v3), swapping live in between. */
    private List<Label> scoreAcrossSwaps(ModelArtifact a, ModelArtifact b) {
        List<Label> labels = new ArrayList<>();
        ModelArtifact[] models = {a, b, a};
        for (int v = 1; v <= models.length; v++) {
            activate(v, models[v - 1]);
            labels.add(score());
        }
        return labels;
    }

    private void activate(int version, ModelArtifact artifact) {
        StreamFixtures.activate(active, version, artifact, T0);
    }

    private Label score() {
        return StreamFixtures.label(scorer, photo, T0);
    }

    /** The same bytes through a preprocessor built from the model's contract and the model's classifier. */
    private double offline(ModelArtifact model) {
        ImagePreprocessor preprocessor = new ImagePreprocessor(model.input().toPreprocessing(), ImageLimits.defaults());
        return Classifiers.of(model).probability(preprocessor.toFeatures(photo));
    }
}
