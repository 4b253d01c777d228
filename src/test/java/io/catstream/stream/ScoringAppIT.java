package io.catstream.stream;

import io.catstream.send.ImageSender;
import io.catstream.send.ImageSource;
import io.catstream.serve.ScoringApp;
import io.catstream.serve.ScoringConfig;
import io.catstream.testsupport.EmbeddedBroker;
import io.catstream.testsupport.RecordSchemas;
import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.image.ImageLimits;
import io.catstream.kafka.KafkaSettings;
import io.catstream.registry.ModelPublisher;
import io.catstream.registry.RegistryFixtures.BadModel;
import io.catstream.stream.StreamFixtures.BadInput;
import io.catstream.testsupport.CliRun;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code catstream serve}'s app on a real broker: real photos scored end to end, a live swap, a refused model, every
 * bad input dead-lettered and accounted for, and the HTTP endpoints. One broker for the class; each test uses its
 * own topic prefix and application id.
 */
class ScoringAppIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeApps() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private ScoringApp start(ScoringConfig config) {
        ScoringApp app = ScoringApp.start(config);
        toClose.add(app);
        return app;
    }

    private ScoringApp startAndAwaitHealthy(ScoringConfig config) {
        ScoringApp app = start(config);
        await().atMost(DEADLINE).until(() -> app.health().healthy());
        return app;
    }

    private static void send(ScoringTopics topics, List<ImageSource> images, double rate) {
        try (ImageSender sender = new ImageSender(KAFKA.settings(), topics.images())) {
            assertThat(sender.send(images, rate, 0, 1, null).failed()).isZero();
        }
    }

    @Test
    void shouldScoreRealPhotosEndToEndAndUseANewVersionPublishedMidStreamWithoutARestart() {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "e2e.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        ScoringApp app = startAndAwaitHealthy(StreamTestKit.config(KAFKA.settings(), topics, "e2e-scorer", StreamTestKit.tempDir("e2e")));
        assertThat(app.context().active().current().version()).as("v1 restored from the topic before scoring").isEqualTo(1);
        List<ImageSource> photos = StreamTestKit.articleImages(40);
        List<ImageSource> before = photos.subList(0, 30);
        List<ImageSource> during = photos.subList(30, 80);

        send(topics, before, 0);
        List<Label> first = StreamTestKit.labels(StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), 30));
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> send(topics, during, 25)); // 2 s of images
        await().atMost(DEADLINE).until(() -> app.context().metrics().registry().find("catstream.images.scored")
                .counters().stream().mapToDouble(c -> c.count()).sum() >= 35);
        ModelPublisher.Published v2 = StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(2));
        stream.join();
        List<ConsumerRecord<String, byte[]>> all = StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), 80);

        assertThat(first).hasSize(30).allSatisfy(l -> assertThat(l.modelVersion()).isEqualTo(1));
        List<Label> labels = StreamTestKit.labels(all);
        assertThat(labels).hasSize(80);
        assertThat(labels.stream().map(Label::imageId).distinct()).hasSize(80);
        Map<String, Boolean> truth = photos.stream().collect(Collectors.toMap(ImageSource::id, ImageSource::label));
        assertThat(labels).allSatisfy(l -> assertThat(l.label()).isEqualTo(truth.get(l.imageId())));
        assertThat(labels).allSatisfy(l -> assertThat(l.probability()).isBetween(0.0, 1.0));
        assertThat(labels.stream().filter(l -> l.modelVersion() == 2)).isNotEmpty();
        all.forEach(r -> RecordSchemas.assertValid(RecordSchemas.LABEL_VALUE, r.value())); // the contract, as read from Kafka
        Map<Integer, Integer> lastVersion = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : all) { // per partition, in offset order: never back to v1 after v2
            int version = Label.fromJson(r.value()).modelVersion();
            assertThat(version).isGreaterThanOrEqualTo(lastVersion.getOrDefault(r.partition(), 1));
            lastVersion.put(r.partition(), version);
        }
        Instant firstV2 = labels.stream().filter(l -> l.modelVersion() == 2).map(Label::scoredAt).min(Instant::compareTo).orElseThrow();
        Duration publishToFirstScore = Duration.between(v2.activation().activatedAt(), firstV2);
        System.out.printf("publish → first image scored by v2: %d ms (write+commit %d ms)%n", publishToFirstScore.toMillis(),
                v2.writeAndCommit().toMillis());
        assertThat(publishToFirstScore).isLessThan(Duration.ofSeconds(5));
        assertThat(app.context().metrics().swapLatencyTimer().count()).isEqualTo(2);
        assertThat(app.context().metrics().registry().find("catstream.images.dead.lettered").tag("reason", "no-model")
                .counter().count()).isZero();
    }

    @Test
    void shouldKeepServingTheOldModelWhenAModelWithNaNWeightsIsWrittenToTheTopic() {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "refuse.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        ScoringApp app = startAndAwaitHealthy(StreamTestKit.config(KAFKA.settings(), topics, "refuse-scorer", StreamTestKit.tempDir("refuse")));

        byte[] poisoned = BadModel.NAN_PARAMETER.apply(StreamTestKit.tinyModel(2));
        StreamTestKit.send(KAFKA.settings(), StreamFixtures.published(topics.modelWeights(), StreamTestKit.MODEL, 2, poisoned,
                Instant.now(), true, null));
        await().atMost(DEADLINE).until(() -> app.context().metrics().registry().find("catstream.models.refused")
                .tag("reason", "non-finite-parameter").counter().count() == 1);
        send(topics, StreamTestKit.articleImages(5), 0);

        assertThat(StreamTestKit.labels(StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), 10)))
                .hasSize(10).allSatisfy(l -> assertThat(l.modelVersion()).isEqualTo(1));
        assertThat(app.context().active().current().version()).isEqualTo(1);
        assertThat(app.health().healthy()).isTrue();
    }

    @Test
    void shouldDeadLetterEveryBadInputWithItsReasonAndWriteOneOutcomePerInput() {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "dlq.");
        ScoringApp app = start(StreamTestKit.config(KAFKA.settings(), topics, "dlq-scorer", StreamTestKit.tempDir("dlq"))
                .withLimits(BadInput.LIMITS));
        await().atMost(DEADLINE).until(() -> app.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING);
        List<ProducerRecord<String, byte[]>> early = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            early.add(new ProducerRecord<>(topics.images(), "early-" + i, StreamFixtures.png(i)));
        }
        StreamTestKit.send(KAFKA.settings(), early);
        await().atMost(DEADLINE).until(() -> app.context().metrics().registry().find("catstream.images.dead.lettered")
                .tag("reason", "no-model").counter().count() == 3);
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        await().atMost(DEADLINE).until(() -> app.health().healthy());
        List<ProducerRecord<String, byte[]>> inputs = new ArrayList<>();
        for (BadInput bad : BadInput.values()) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("label", "1".getBytes(StandardCharsets.UTF_8));
            inputs.add(new ProducerRecord<>(topics.images(), null, "bad-" + bad, bad.bytes, headers));
        }
        for (int i = 0; i < 10; i++) {
            inputs.add(new ProducerRecord<>(topics.images(), "good-" + i, i % 2 == 0 ? StreamFixtures.png(i) : StreamFixtures.jpeg(i)));
        }
        StreamTestKit.send(KAFKA.settings(), inputs);

        List<ConsumerRecord<String, byte[]>> dead = StreamTestKit.readCommitted(KAFKA.settings(), topics.deadLetters(), 3 + BadInput.values().length);
        List<ConsumerRecord<String, byte[]>> labels = StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), 10);

        assertThat(dead.size() + labels.size()).as("labels + dead letters = inputs").isEqualTo(3 + inputs.size());
        Map<String, String> reasons = new HashMap<>();
        dead.forEach(r -> reasons.put(r.key(), DeadLetter.header(r.headers(), DeadLetter.REASON_HEADER)));
        for (BadInput bad : BadInput.values()) {
            assertThat(reasons).containsEntry("bad-" + bad, bad.reason);
        }
        assertThat(reasons).containsEntry("early-0", "no-model").containsEntry("early-2", "no-model");
        for (ConsumerRecord<String, byte[]> r : dead) {
            if (r.key().startsWith("bad-")) {
                assertThat(r.value()).isEqualTo(BadInput.valueOf(r.key().substring(4)).bytes);
                assertThat(DeadLetter.header(r.headers(), "label")).isEqualTo("1");
                assertThat(DeadLetter.header(r.headers(), DeadLetter.SOURCE_TOPIC_HEADER)).isEqualTo(topics.images());
                assertThat(DeadLetter.header(r.headers(), DeadLetter.SOURCE_OFFSET_HEADER)).matches("\\d+");
            }
        }
        assertThat(labels).extracting(ConsumerRecord::key).allMatch(k -> k.startsWith("good-"));
        dead.forEach(r -> RecordSchemas.assertValid(RecordSchemas.DEAD_LETTER_HEADERS, r.headers()));
        labels.forEach(r -> RecordSchemas.assertValid(RecordSchemas.LABEL_VALUE, r.value()));
        assertThat(app.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
    }

    @Test
    void shouldScoreImagesLargerThanAFetchAndDeadLetterOneAboveTheByteLimitWithItsBytes() {
        // The scorer fetches at most 1 MB per partition and 4 MB per request (ScoringApp.INPUT_BUFFER_DEFAULTS):
        // larger records must still come through, one batch per fetch, on several partitions at once.
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "large.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        startAndAwaitHealthy(StreamTestKit.config(KAFKA.settings(), topics, "large-scorer", StreamTestKit.tempDir("large")));
        List<ProducerRecord<String, byte[]>> inputs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            inputs.add(new ProducerRecord<>(topics.images(), "big-" + i, StreamFixtures.noise(1000, 1000, i, "png")));
            inputs.add(new ProducerRecord<>(topics.images(), "small-" + i, StreamFixtures.jpeg(i)));
        }
        byte[] overLimit = new byte[(int) ImageLimits.DEFAULT_MAX_BYTES + 500_000];
        System.arraycopy(StreamFixtures.png(1), 0, overLimit, 0, 64);
        inputs.add(new ProducerRecord<>(topics.images(), "over-limit", overLimit));
        assertThat(inputs.get(0).value().length).as("a 1000×1000 noise PNG").isGreaterThan(2_000_000);
        StreamTestKit.send(KAFKA.settings(), inputs);

        List<ConsumerRecord<String, byte[]>> labels = StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), 8);
        List<ConsumerRecord<String, byte[]>> dead = StreamTestKit.readCommitted(KAFKA.settings(), topics.deadLetters(), 1);

        assertThat(labels).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(
                "big-0", "big-1", "big-2", "big-3", "small-0", "small-1", "small-2", "small-3");
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("over-limit");
            assertThat(DeadLetter.header(r.headers(), DeadLetter.REASON_HEADER)).isEqualTo("too-many-bytes");
            assertThat(r.value()).isEqualTo(overLimit);
        });
    }

    @Test
    void shouldServeMetricsHealthAndModelOverHttp() {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "http.");
        ScoringApp app = start(StreamTestKit.config(KAFKA.settings(), topics, "http-scorer", StreamTestKit.tempDir("http")));
        int port = app.httpPort();
        await().atMost(DEADLINE).until(() -> app.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING);

        HttpResponse<String> unhealthy = StreamTestKit.get(port, "/health");
        assertThat(unhealthy.statusCode()).isEqualTo(503);
        assertThat(unhealthy.body()).contains("no version of model 'cats' is active");
        assertThat(StreamTestKit.get(port, "/model").statusCode()).isEqualTo(404);

        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        await().atMost(DEADLINE).until(() -> StreamTestKit.get(port, "/health").statusCode() == 200);
        send(topics, StreamTestKit.articleImages(3), 0);
        StreamTestKit.send(KAFKA.settings(), List.of(new ProducerRecord<>(topics.images(), "empty", new byte[0])));
        StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), 6);

        HttpResponse<String> model = StreamTestKit.get(port, "/model");
        assertThat(model.statusCode()).isEqualTo(200);
        assertThat(model.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(model.body()).contains("\"model_name\":\"cats\"", "\"model_version\":1", "\"dims\":[192,4,1]", "\"sha256\":\"");
        assertThat(StreamTestKit.get(port, "/health").body()).startsWith("ok: ").contains("cats@1");

        HttpResponse<String> metrics = StreamTestKit.get(port, "/metrics");
        String scrape = metrics.body();
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(StreamTestKit.sample(scrape, "catstream_images_received_total")).isEqualTo(7);
        assertThat(StreamTestKit.sample(scrape, "catstream_images_scored_total{model_version=\"1\"}")).isEqualTo(6);
        assertThat(StreamTestKit.sample(scrape, "catstream_images_dead_lettered_total{reason=\"empty\"}")).isEqualTo(1);
        assertThat(StreamTestKit.sample(scrape, "catstream_images_dead_lettered_total{reason=\"no-model\"}")).isZero();
        assertThat(StreamTestKit.sample(scrape, "catstream_model_active_version{model_name=\"cats\"}")).isEqualTo(1);
        assertThat(StreamTestKit.sample(scrape, "catstream_model_swaps_total")).isEqualTo(1);
        assertThat(StreamTestKit.sample(scrape, "catstream_models_refused_total{reason=\"checksum-mismatch\"}")).isZero();
        assertThat(StreamTestKit.sample(scrape, "catstream_scoring_seconds_count")).isEqualTo(6);
        assertThat(StreamTestKit.sample(scrape, "catstream_end_to_end_seconds_count")).isEqualTo(6);
        assertThat(StreamTestKit.sample(scrape, "catstream_model_age_seconds{model_name=\"cats\"}")).isBetween(0.0, 60.0);
        assertThat(StreamTestKit.sample(scrape, "catstream_accuracy{model_version=\"1\"}")).isBetween(0.0, 1.0);
        assertThat(scrape).contains("catstream_predictions_total{actual=\"cat\",model_version=\"1\",predicted=\"")
                .contains("catstream_scoring_seconds_bucket{le=\"")
                .contains("catstream_end_to_end_seconds_bucket{le=\"")
                .contains("catstream_scoring_stage_seconds_count{stage=\"preprocess\"}")
                .contains("catstream_model_swap_latency_seconds_count")
                .contains("kafka_stream_thread_process_total")
                .contains("jvm_memory_used_bytes")
                .contains("jvm_gc_live_data_size_bytes");
    }

    @Test
    void shouldScoreImagesSentWithTheSendCommandAndWithKcat() throws Exception {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "send.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        startAndAwaitHealthy(StreamTestKit.config(KAFKA.settings(), topics, "send-scorer", StreamTestKit.tempDir("send")));
        Path folder = StreamTestKit.tempDir("send-set");
        for (ImageSource photo : StreamTestKit.articleImages(3)) {
            Path target = folder.resolve(photo.id());
            Files.createDirectories(target.getParent());
            Files.copy(photo.file(), target);
        }

        CliRun run = CliRun.of("send", folder.toString(), "--rate", "50", "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--topic-prefix", "send.");
        int expected = 6;
        Path photo = StreamTestKit.articleImages(1).get(0).file();
        if (Files.isExecutable(Path.of("/usr/bin/kcat"))) { // the documented kcat line
            Process kcat = new ProcessBuilder("kcat", "-P", "-b", KAFKA.bootstrapServers(), "-t", topics.images(),
                    "-k", "kcat-cat.jpg", "-H", "label=1", "-X", "message.max.bytes=16777216", photo.toString())
                    .redirectErrorStream(true).start();
            assertThat(kcat.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(kcat.exitValue()).isZero();
            expected++;
        }
        List<Label> labels = StreamTestKit.labels(StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), expected));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("sending 6 files (6 labelled)").contains("sent 6 images");
        assertThat(labels).hasSize(expected);
        assertThat(labels).filteredOn(l -> l.imageId().startsWith("cats/")).hasSize(3)
                .allSatisfy(l -> assertThat(l.label()).isTrue());
        assertThat(labels).filteredOn(l -> l.imageId().startsWith("random_images/")).hasSize(3)
                .allSatisfy(l -> assertThat(l.label()).isFalse());
        if (expected == 7) {
            assertThat(labels).filteredOn(l -> l.imageId().equals("kcat-cat.jpg")).singleElement()
                    .satisfies(l -> assertThat(l.label()).isTrue());
        }
    }
}
