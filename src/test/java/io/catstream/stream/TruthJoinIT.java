package io.catstream.stream;

import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.serve.ScoringApp;
import io.catstream.testsupport.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The truth join of {@code catstream serve}'s app on a real broker, read back with {@code read_committed}: truth before
 * and after its image, header truth, and duplicate, conflicting, late, unknown and malformed truth, each with its
 * outcome on {@code labelled-predictions}, {@code truth-dlq} and {@code /metrics}.
 */
class TruthJoinIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    /** Long enough for a loaded machine to score an image sent right after its truth; short enough to wait out. */
    private static final Duration TRUTH_WINDOW = Duration.ofSeconds(15);

    private static ProducerRecord<String, byte[]> truth(ScoringTopics topics, String id, String value) {
        return new ProducerRecord<>(topics.truth(), id, value.getBytes(StandardCharsets.UTF_8));
    }

    private static ProducerRecord<String, byte[]> image(ScoringTopics topics, String id, String headerTruth) {
        RecordHeaders headers = new RecordHeaders();
        if (headerTruth != null) {
            headers.add(Label.LABEL_HEADER, headerTruth.getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(topics.images(), null, id, StreamFixtures.png(id.length()), headers);
    }

    private static double metric(ScoringApp app, String nameAndLabels) {
        double v = StreamTestKit.sample(StreamTestKit.get(app.httpPort(), "/metrics").body(), nameAndLabels);
        return Double.isNaN(v) ? 0 : v;
    }

    @Test
    void shouldGiveEveryKindOfTruthItsOutcome() {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "truth.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        try (ScoringApp app = ScoringApp.start(StreamTestKit.config(KAFKA.settings(), topics, "truth-scorer",
                StreamTestKit.tempDir("truth-it")).toBuilder().truthWindow(TRUTH_WINDOW).build())) {
            await().atMost(DEADLINE).until(() -> app.health().healthy());
            // the first image after a start can wait many seconds for the tasks: from here on, scoring takes milliseconds
            StreamTestKit.send(KAFKA.settings(), List.of(image(topics, "warm-up", null)));
            StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), 1);

            StreamTestKit.send(KAFKA.settings(), List.of(truth(topics, "before", "0")));
            StreamTestKit.send(KAFKA.settings(), List.of(image(topics, "before", null), image(topics, "after", null),
                    image(topics, "dup", null), image(topics, "conflict", null), image(topics, "late", null),
                    image(topics, "header", "1")));
            Map<String, Label> labels = StreamTestKit.labels(StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), 7))
                    .stream().collect(Collectors.toMap(Label::imageId, Function.identity()));
            RecordHeaders traced = new RecordHeaders();
            traced.add("trace-id", "t-42".getBytes(StandardCharsets.UTF_8));
            StreamTestKit.send(KAFKA.settings(), List.of(truth(topics, "after", "{\"is_cat\": true, \"source\": \"moderator\"}"),
                    truth(topics, "dup", "1"), truth(topics, "dup", "1"), truth(topics, "conflict", "1"),
                    truth(topics, "conflict", "0"), truth(topics, "header", "0"), truth(topics, "nobody", "1"),
                    new ProducerRecord<>(topics.truth(), null, "bad", "maybe".getBytes(StandardCharsets.UTF_8), traced),
                    truth(topics, "bad-at", "{\"is_cat\": true, \"at\": \"noon\"}"), truth(topics, "empty", "")));

            List<ConsumerRecord<String, byte[]>> joined = StreamTestKit.readCommitted(KAFKA.settings(), topics.labelledPredictions(), 5);
            Map<String, LabelledPrediction> byId = new HashMap<>();
            joined.forEach(r -> byId.put(r.key(), LabelledPrediction.fromJson(r.value())));
            assertThat(joined).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("before", "after", "dup", "conflict", "header");
            assertThat(byId.get("before").truth()).isFalse();
            assertThat(byId.get("before").delayMillis()).as("truth sent before its image").isNegative();
            assertThat(byId.get("after").truth()).isTrue();
            assertThat(byId.get("after").truthSource()).isEqualTo("moderator");
            assertThat(byId.get("after").delayMillis()).isPositive();
            assertThat(byId.get("conflict").truth()).as("the first truth wins").isTrue();
            assertThat(byId.get("header").truth()).as("the header came first").isTrue();
            assertThat(byId.get("header").delayMillis()).isZero();
            byId.forEach((id, p) -> {
                assertThat(p.isCat()).isEqualTo(labels.get(id).isCat());
                assertThat(p.probability()).isEqualTo(labels.get(id).probability());
                assertThat(p.correct()).isEqualTo(p.isCat() == p.truth());
            });

            List<ConsumerRecord<String, byte[]>> dead = StreamTestKit.readCommitted(KAFKA.settings(), topics.truthDeadLetters(), 3);
            Map<String, ConsumerRecord<String, byte[]>> deadById = dead.stream()
                    .collect(Collectors.toMap(ConsumerRecord::key, Function.identity()));
            assertThat(deadById).hasSize(3);
            assertThat(DeadLetter.header(deadById.get("bad").headers(), DeadLetter.REASON_HEADER)).isEqualTo(Truth.BAD_VALUE);
            assertThat(DeadLetter.header(deadById.get("bad").headers(), "trace-id")).isEqualTo("t-42");
            assertThat(new String(deadById.get("bad").value(), StandardCharsets.UTF_8)).isEqualTo("maybe");
            assertThat(DeadLetter.header(deadById.get("bad-at").headers(), DeadLetter.REASON_HEADER)).isEqualTo(Truth.BAD_AT);
            assertThat(DeadLetter.header(deadById.get("empty").headers(), DeadLetter.REASON_HEADER)).isEqualTo(Truth.EMPTY);

            // "nobody" waits a truth window for its image, then counts as unknown; "late"'s prediction, older, has
            // expired by then, so its truth now comes too late
            // >= then ==: a counter is not part of the transaction, and an await on == would hide a double count as
            // a time-out instead of naming the value
            await().atMost(DEADLINE).until(() -> metric(app, "catstream_truth_unmatched_total{reason=\"unknown\"}") >= 1);
            assertThat(metric(app, "catstream_truth_unmatched_total{reason=\"unknown\"}")).as("unknown truth").isEqualTo(1);
            StreamTestKit.send(KAFKA.settings(), List.of(truth(topics, "late", "1")));
            await().atMost(DEADLINE).until(() -> metric(app, "catstream_truth_unmatched_total{reason=\"late\"}") >= 1);
            assertThat(metric(app, "catstream_truth_unmatched_total{reason=\"late\"}")).as("late truth").isEqualTo(1);

            String scrape = StreamTestKit.get(app.httpPort(), "/metrics").body();
            assertThat(StreamTestKit.sample(scrape, "catstream_truth_unmatched_total{reason=\"duplicate\"}")).isEqualTo(1);
            assertThat(StreamTestKit.sample(scrape, "catstream_truth_unmatched_total{reason=\"conflict\"}")).isEqualTo(2);
            assertThat(StreamTestKit.sample(scrape, "catstream_truth_matched_total{model_version=\"1\"}")).isEqualTo(5);
            assertThat(StreamTestKit.sample(scrape, "catstream_truth_dead_lettered_total{reason=\"bad-value\"}")).isEqualTo(1);
            assertThat(StreamTestKit.sample(scrape, "catstream_truth_delay_seconds_count")).isEqualTo(5);
            long correct = byId.values().stream().filter(LabelledPrediction::correct).count();
            assertThat(StreamTestKit.sample(scrape, "catstream_accuracy{model_version=\"1\"}")).isEqualTo(correct / 5.0);
            assertThat(StreamTestKit.readCommitted(KAFKA.settings(), topics.labelledPredictions(), 5))
                    .as("nothing more for late, unknown, duplicate or conflicting truth").hasSize(5);
            assertChangelogsBoundWhatARestoreReads("truth-scorer");
        }
    }

    /**
     * The join stores' changelogs were created with segments that close every window (here the 1-minute floor) and
     * tombstones that go a window after compaction, not Kafka's 1 GB segments and day-long tombstones: what a restore
     * after a SIGKILL reads (TruthTopology.changelogConfig).
     */
    private static void assertChangelogsBoundWhatARestoreReads(String applicationId) {
        try (Admin admin = Admin.create(KAFKA.settings().clientConfig(Map.of()))) {
            for (String store : List.of(TruthJoinProcessor.PREDICTIONS_STORE, TruthJoinProcessor.TRUTH_STORE)) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, applicationId + "-" + store + "-changelog");
                Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
                assertThat(config.get(TopicConfig.SEGMENT_MS_CONFIG).value()).as(topic.name()).isEqualTo("60000");
                assertThat(config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value()).as(topic.name()).isEqualTo("60000");
                assertThat(config.get(TopicConfig.SEGMENT_BYTES_CONFIG).value()).as(topic.name()).isEqualTo("67108864");
                assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as(topic.name()).isEqualTo("compact");
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("cannot describe the changelogs of " + applicationId + ": " + e, e);
        }
    }
}
