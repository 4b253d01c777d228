package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.catstream.image.ImageLimits;
import io.catstream.metrics.ShadowMetrics;
import io.catstream.model.InputContract;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.nn.Parameters;
import io.catstream.registry.RegistryFixtures;
import io.catstream.testsupport.RecordSchemas;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shadow scoring through the real topology (TopologyTestDriver): the champion labels, the challenger's score of the
 * same image goes to shadow-predictions and into labelled-predictions, and a challenger that fails changes no label.
 */
class ShadowScoringTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final byte[] V1 = RegistryFixtures.smallModel(ScoringDriver.MODEL_NAME, 7);
    private static final byte[] V2 = RegistryFixtures.smallModel(ScoringDriver.MODEL_NAME, 8);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ScoringDriver scoring;

    @AfterEach
    void close() {
        if (scoring != null) {
            scoring.close();
        }
    }

    private ScoringDriver driver(double fraction) {
        scoring = new ScoringDriver(ImageLimits.defaults(), null, meters, T0, Duration.ofMinutes(1), new ShadowSelection(fraction));
        return scoring;
    }

    /** {@code n} images "img-i.png" with the label header alternately cat and not cat. */
    private static void sendImages(ScoringDriver d, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            d.send(prefix + i + ".png", StreamFixtures.png(i), i % 2 == 0 ? "1" : "0");
        }
    }

    private static Map<String, Label> labels(ScoringDriver d) {
        Map<String, Label> out = new LinkedHashMap<>();
        for (KeyValue<String, byte[]> kv : d.labels.readKeyValuesToList()) {
            assertThat(out.put(kv.key, Label.fromJson(kv.value))).as("one label per image: %s", kv.key).isNull();
        }
        return out;
    }

    private static Map<String, ShadowScore> shadows(ScoringDriver d) {
        Map<String, ShadowScore> out = new LinkedHashMap<>();
        for (KeyValue<String, byte[]> kv : d.shadowPredictions.readKeyValuesToList()) {
            RecordSchemas.assertValid(RecordSchemas.SHADOW_PREDICTION_VALUE, kv.value);
            assertThat(out.put(kv.key, ShadowScore.parse(kv.value))).as("one shadow score per image: %s", kv.key).isNull();
        }
        return out;
    }

    @Test
    void shouldLabelWithTheChampionAndWriteTheChallengersScoreOfTheSameImageToShadowPredictions() {
        ScoringDriver d = driver(1.0);
        d.publish(1, V1, T0, null);
        d.challenge(2, V2, T0.plusSeconds(1));
        sendImages(d, "img-", 12);

        Map<String, Label> labels = labels(d);
        Map<String, ShadowScore> shadows = shadows(d);
        assertThat(labels).hasSize(12).allSatisfy((id, l) -> assertThat(l.modelVersion()).isEqualTo(1));
        assertThat(shadows.keySet()).isEqualTo(labels.keySet());
        shadows.forEach((id, s) -> {
            assertThat(s.championVersion()).isEqualTo(1);
            assertThat(s.challengerVersion()).isEqualTo(2);
            assertThat(s.championProbability()).isEqualTo(labels.get(id).probability());
            assertThat(s.failureReason()).isNull();
            assertThat(s.agree()).isEqualTo((s.championProbability() > 0.5) == (s.challengerProbability() > 0.5));
        });
        List<LabelledPrediction> labelled = d.labelledPredictions.readValuesToList().stream()
                .map(LabelledPrediction::fromJson).toList();
        assertThat(labelled).hasSize(12).allSatisfy(p -> {
            assertThat(p.challengerVersion()).isEqualTo(2);
            assertThat(p.challengerProbability()).isEqualTo(shadows.get(p.imageId()).challengerProbability());
            assertThat(p.challengerCorrect()).isEqualTo(p.challengerProbability() > 0.5 == p.truth());
        });

        // the same images with v2 as the champion: its labels carry the probabilities it gave as the challenger
        d.publish(2, V2, T0.plusSeconds(2), null);
        sendImages(d, "again-", 12);
        Map<String, Label> asChampion = labels(d);
        assertThat(shadows(d)).as("a promoted challenger is no longer shadow-scored").isEmpty();
        for (int i = 0; i < 12; i++) {
            assertThat(asChampion.get("again-" + i + ".png").modelVersion()).isEqualTo(2);
            assertThat(asChampion.get("again-" + i + ".png").probability())
                    .isEqualTo(shadows.get("img-" + i + ".png").challengerProbability());
        }
        ShadowMetrics metrics = d.context.challenger().metrics();
        assertThat(metrics.scoredTotal(2)).isEqualTo(12);
        assertThat(metrics.agreedTotal(2)).isEqualTo(shadows.values().stream().filter(ShadowScore::agree).count());
        assertThat(meters.get(ShadowMetrics.MODEL_ROLE).tags("model_version", "2", "role", "champion").gauge().value()).isEqualTo(1);
        assertThat(meters.get(ShadowMetrics.MODEL_ROLE).tags("model_version", "2", "role", "challenger").gauge().value()).isEqualTo(0);
        assertThat(meters.get(ShadowMetrics.MODEL_ROLE).tags("model_version", "1", "role", "champion").gauge().value()).isEqualTo(0);
    }

    @Test
    void shouldShadowScoreExactlyTheImagesTheFractionSelects() {
        ScoringDriver d = driver(0.5);
        d.publish(1, V1, T0, null);
        d.challenge(2, V2, T0.plusSeconds(1));
        sendImages(d, "photo-", 40);

        Map<String, Label> labels = labels(d);
        ShadowSelection selection = new ShadowSelection(0.5);
        assertThat(labels).hasSize(40);
        assertThat(shadows(d).keySet()).containsExactlyInAnyOrderElementsOf(
                labels.keySet().stream().filter(selection::selects).collect(Collectors.toSet()));
        List<LabelledPrediction> labelled = d.labelledPredictions.readValuesToList().stream()
                .map(LabelledPrediction::fromJson).toList();
        assertThat(labelled).hasSize(40).allSatisfy(p ->
                assertThat(p.challengerVersion() != null).isEqualTo(selection.selects(p.imageId())));
    }

    @Test
    void shouldLeaveTheChampionsLabelsUntouchedWhenTheChallengerGivesNaN() {
        ScoringDriver d = driver(1.0);
        d.publish(1, V1, T0, null);
        sendImages(d, "before-", 10);
        Map<String, Label> alone = labels(d);

        d.challenge(2, nanModel(), T0.plusSeconds(1));
        sendImages(d, "after-", 10);
        Map<String, Label> shadowed = labels(d);
        Map<String, ShadowScore> shadows = shadows(d);

        assertThat(d.deadLetters.readRecordsToList()).isEmpty();
        assertThat(shadowed).hasSize(10);
        for (int i = 0; i < 10; i++) {
            Label before = alone.get("before-" + i + ".png");
            Label after = shadowed.get("after-" + i + ".png");
            assertThat(after.modelVersion()).isEqualTo(1);
            assertThat(after.probability()).isEqualTo(before.probability());
            assertThat(after.isCat()).isEqualTo(before.isCat());
        }
        assertThat(shadows).hasSize(10).allSatisfy((id, s) -> {
            assertThat(s.failureReason()).isEqualTo(ShadowScore.NON_FINITE_PROBABILITY);
            assertThat(s.challengerProbability()).isNull();
            assertThat(s.agree()).isFalse();
        });
        assertThat(d.labelledPredictions.readValuesToList().stream().map(LabelledPrediction::fromJson)
                .filter(p -> p.imageId().startsWith("after-"))).hasSize(10)
                .allSatisfy(p -> assertThat(p.challengerVersion()).isNull());
        assertThat(meters.get(ShadowMetrics.FAILURES).tags("model_version", "2", "reason", ShadowScore.NON_FINITE_PROBABILITY)
                .counter().count()).isEqualTo(10, within(0.0));
        assertThat(d.context.challenger().metrics().scoredTotal(2)).isZero();
    }

    @Test
    void shouldNotShadowScoreWithAFractionOfZero() {
        ScoringDriver d = driver(0.0);
        d.publish(1, V1, T0, null);
        d.challenge(2, V2, T0.plusSeconds(1));
        sendImages(d, "img-", 10);

        assertThat(labels(d)).hasSize(10);
        assertThat(shadows(d)).isEmpty();
    }

    /**
     * A valid model file (finite weights, which the registry accepts) whose forward pass gives NaN: huge first-layer
     * weights overflow every hidden unit to +∞, the second layer keeps them +∞, and the output weights +1 and −1
     * make ∞ − ∞.
     */
    private static byte[] nanModel() {
        Parameters p = TestModels.randomParameters(TestModels.SMALL, 11);
        java.util.Arrays.fill(p.weights(1).data, 1.7e308);
        java.util.Arrays.fill(p.bias(1).data, 1.7e308);
        java.util.Arrays.fill(p.weights(2).data, 1.0);
        double[] out = p.weights(3).data;
        for (int i = 0; i < out.length; i++) {
            out[i] = i % 2 == 0 ? 1.0 : -1.0;
        }
        ModelArtifact model = new ModelArtifact(ScoringDriver.MODEL_NAME, InputContract.rgb(4), TestModels.trainingFacts(),
                Map.of("trainer", "catstream test"), p);
        return ModelCodec.encode(model);
    }
}
