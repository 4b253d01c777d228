package io.catstream.stream;

import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catstream.registry.ModelPublisher;
import io.catstream.send.ImageSource;
import io.catstream.serve.ScoringApp;
import io.catstream.testsupport.EmbeddedBroker;
import io.catstream.testsupport.RecordSchemas;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shadow scoring on a real broker (issue #13): v1 the champion, v2 published as the challenger with the registry
 * classes {@code catstream publish --as challenger} uses, labelled photos sent with {@code catstream send}'s producer.
 * Every image has exactly one label, from the champion, on image-labels; exactly one shadow record on
 * shadow-predictions naming both versions; and its labelled-predictions record carries the challenger's probability.
 */
class ShadowScoringIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldLabelEveryImageOnceWithTheChampionAndShadowScoreItOnceWithTheChallenger() throws Exception {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "shadow.");
        ModelPublisher.Published v1 = StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        List<ImageSource> photos = StreamTestKit.articleImages(10);
        Set<String> ids = photos.stream().map(ImageSource::id).collect(Collectors.toSet());
        try (ScoringApp app = ScoringApp.start(StreamTestKit.config(KAFKA.settings(), topics, "shadow-scorer",
                StreamTestKit.tempDir("shadow")))) {
            await().atMost(DEADLINE).until(() -> app.health().healthy());
            ModelPublisher.Published v2 = StreamTestKit.publishChallenger(KAFKA.settings(), topics, StreamTestKit.tinyModel(2));
            assertThat(v2.challenger().version()).isEqualTo(2);
            assertThat(v2.activation()).as("a challenger is not activated").isNull();
            await().atMost(DEADLINE).until(() -> app.context().challenger().current() != null);

            StreamTestKit.sendImages(KAFKA.settings(), topics.images(), photos);
            List<ConsumerRecord<String, byte[]>> labelRecords = StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), ids.size());
            List<ConsumerRecord<String, byte[]>> shadowRecords = StreamTestKit.readCommitted(KAFKA.settings(),
                    topics.shadowPredictions(), ids.size());
            List<ConsumerRecord<String, byte[]>> labelledRecords = StreamTestKit.readCommitted(KAFKA.settings(),
                    topics.labelledPredictions(), ids.size());

            Map<String, Label> labels = oneEach(labelRecords, r -> Label.fromJson(r.value()));
            Map<String, ShadowScore> shadows = oneEach(shadowRecords, r -> ShadowScore.parse(r.value()));
            Map<String, LabelledPrediction> labelled = oneEach(labelledRecords, r -> LabelledPrediction.fromJson(r.value()));
            assertThat(labels.keySet()).isEqualTo(ids).isEqualTo(shadows.keySet()).isEqualTo(labelled.keySet());
            assertThat(labels.values()).allSatisfy(l -> assertThat(l.modelVersion()).isEqualTo(v1.model().version()));
            shadowRecords.forEach(r -> RecordSchemas.assertValid(RecordSchemas.SHADOW_PREDICTION_VALUE, r.value()));
            labelledRecords.forEach(r -> RecordSchemas.assertValid(RecordSchemas.LABELLED_PREDICTION_VALUE, r.value()));
            shadows.forEach((id, s) -> {
                assertThat(s.championVersion()).isEqualTo(1);
                assertThat(s.challengerVersion()).isEqualTo(2);
                assertThat(s.failureReason()).isNull();
                assertThat(s.championProbability()).isEqualTo(labels.get(id).probability());
                assertThat(labelled.get(id).challengerVersion()).isEqualTo(2);
                assertThat(labelled.get(id).challengerProbability()).isEqualTo(s.challengerProbability());
                assertThat(labelled.get(id).challengerCorrect()).isEqualTo(s.challengerProbability() > 0.5 == labelled.get(id).truth());
            });

            JsonNode model = JSON.readTree(StreamTestKit.get(app.httpPort(), "/model").body());
            assertThat(model.path("model_version").asInt()).isEqualTo(1);
            assertThat(model.path("challenger").path("model_version").asInt()).isEqualTo(2);
            assertThat(model.path("challenger").path("shadow_fraction").asDouble()).isEqualTo(1.0);
            assertThat(model.path("challenger").path("scored").asLong()).isEqualTo(ids.size());
            assertThat(model.path("challenger").path("agreed").asLong())
                    .isEqualTo(shadows.values().stream().filter(ShadowScore::agree).count());
            String scrape = StreamTestKit.get(app.httpPort(), "/metrics").body();
            assertThat(StreamTestKit.sample(scrape, "catstream_shadow_scored_total{model_version=\"2\"}")).isEqualTo(ids.size());
            assertThat(StreamTestKit.sample(scrape, "catstream_model_role{model_version=\"1\",role=\"champion\"}")).isEqualTo(1);
            assertThat(StreamTestKit.sample(scrape, "catstream_model_role{model_version=\"2\",role=\"challenger\"}")).isEqualTo(1);
        }
    }

    /** The records by key, failing on a key seen twice (a duplicate would break exactly-once). */
    private static <T> Map<String, T> oneEach(List<ConsumerRecord<String, byte[]>> records,
                                              Function<ConsumerRecord<String, byte[]>, T> parse) {
        Map<String, T> out = new java.util.HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            assertThat(out.put(r.key(), parse.apply(r))).as("one record per image on %s: %s", r.topic(), r.key()).isNull();
        }
        return out;
    }
}
