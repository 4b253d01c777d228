package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.gate.GateSettings;
import io.catstream.metrics.GateMetrics;
import io.catstream.model.ModelCodec;
import io.catstream.model.Sha256;
import io.catstream.registry.Activation;
import io.catstream.registry.Challenger;
import io.catstream.registry.Ed25519Keys;
import io.catstream.registry.GateDecision;
import io.catstream.registry.ModelRecords;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.PublishedModel;
import io.catstream.registry.RecordSigner;
import io.catstream.registry.RegistryFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the scoring task sends to the gate ({@link GateFeed}), through the whole scoring topology on a
 * {@link TopologyTestDriver}: images scored by real models, truth joined, and the records that reach the
 * {@code gate-by-name} repartition topic counted. Nothing without a challenger or a watch; everything a trial or a
 * rollback watch needs, so the gate still promotes and still rolls back; nothing once the watch has ended.
 * <p>
 * Champion v1 and challenger v2 (v1's mirror, p₂ = 1 − p₁) disagree on every image, so the truth the test sends
 * after reading an image's label decides which of them was right.
 */
class GateFeedTest {

    private static final ScoringTopics TOPICS = ScoringTopics.defaults();
    private static final String NAME = StreamTestKit.MODEL;
    private static final String APP = "gate-feed-test";
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final GateSettings SETTINGS = GateSettings.DEFAULTS.withLabelledRange(20, 20_000);

    private final RecordSigner trainer = RecordSigner.of(Ed25519Keys.generate().getPrivate());
    private final RecordSigner controller = RecordSigner.of(Ed25519Keys.generate().getPrivate());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ScoringContext context;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> images;
    private TestInputTopic<String, byte[]> truth;
    private TestInputTopic<String, byte[]> models;
    private TestOutputTopic<String, byte[]> labels;
    private TestOutputTopic<String, byte[]> labelled;
    private TestOutputTopic<String, byte[]> toGate;
    private TestOutputTopic<String, byte[]> written;
    private int image;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** The scoring topology, v1 the champion (and v2 published, the challenger when {@code challenger}). */
    private void start(boolean challenger) {
        context = GateTrialFixtures.scorerWithGate(trainer, controller, controller, SETTINGS, meters, T0);
        driver = GateTrialFixtures.topologyDriver(context, APP, T0);
        images = driver.createInputTopic(TOPICS.images(), new StringSerializer(), new ByteArraySerializer(), T0, Duration.ofMillis(10));
        truth = driver.createInputTopic(TOPICS.truth(), new StringSerializer(), new ByteArraySerializer(), T0, Duration.ofMillis(10));
        models = driver.createInputTopic(TOPICS.modelWeights(), new StringSerializer(), new ByteArraySerializer());
        labels = driver.createOutputTopic(TOPICS.labels(), new StringDeserializer(), new ByteArrayDeserializer());
        labelled = driver.createOutputTopic(TOPICS.labelledPredictions(), new StringDeserializer(), new ByteArrayDeserializer());
        toGate = driver.createOutputTopic(APP + "-gate-by-name-repartition", new StringDeserializer(), new ByteArrayDeserializer());
        written = driver.createOutputTopic(TOPICS.modelWeights(), new StringDeserializer(), new ByteArrayDeserializer());
        for (ProducerRecord<String, byte[]> r : GateTrialFixtures.trial(TOPICS, trainer, T0)) {
            if (challenger || !r.key().equals(NAME + "@challenger")) {
                models.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers(), T0));
            }
        }
        written.readRecordsToList(); // the test's own records
        assertThat(context.registry().challenger(NAME).map(Challenger::version)).isEqualTo(
                challenger ? java.util.Optional.of(2) : java.util.Optional.empty());
    }

    /** One image with the truth in its label header. */
    private void imageWithHeaderTruth(boolean isCat) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Label.LABEL_HEADER, (isCat ? "1" : "0").getBytes(StandardCharsets.UTF_8));
        images.pipeInput(new TestRecord<>("img-" + ++image, StreamFixtures.png(image), headers, (Instant) null));
    }

    /**
     * One image, scored; then its truth on image-truth, chosen so that the champion of the moment was right or not.
     * Returns the version that labelled it.
     */
    private int imageWhereTheChampionIs(boolean right) {
        String id = "img-" + ++image;
        images.pipeInput(id, StreamFixtures.png(image));
        List<Label> out = labels.readValuesToList().stream().map(Label::fromJson).toList();
        assertThat(out).hasSize(1);
        truth.pipeInput(id, (out.get(0).isCat() == right ? "1" : "0").getBytes(StandardCharsets.UTF_8));
        return out.get(0).modelVersion();
    }

    /** The records on gate-by-name since the last call, by their tag: L (labelled prediction) or S (shadow score). */
    private List<String> sentToGate() {
        return toGate.readValuesToList().stream().map(v -> String.valueOf((char) v[0])).toList();
    }

    private List<String> writtenKeys() {
        return written.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    }

    /** The trial until the gate promotes v2: v1 right on 3 images of 10, v2 (its mirror) on the other 7. */
    private void promoteV2() {
        for (int i = 0; i < 400 && context.registry().activation(NAME).orElseThrow().version() == 1; i++) {
            imageWhereTheChampionIs(i % 10 < 3);
        }
        assertThat(writtenKeys()).containsExactly(NAME + "@decision-2", NAME + "@active", NAME + "@challenger");
        List<String> sent = sentToGate();
        assertThat(sent).as("every pair and every shadow score reached the gate").containsOnly("L", "S");
        assertThat(sent.stream().filter("L"::equals).count()).isEqualTo(sent.stream().filter("S"::equals).count());
        assertThat(context.registry().watchMayRun(NAME, 2)).isTrue();
    }

    @Test
    void shouldSendNothingToTheGateWithoutAChallengerOrAWatch() {
        start(false);
        for (int i = 0; i < 30; i++) {
            imageWithHeaderTruth(i % 2 == 0);
        }
        assertThat(labelled.readValuesToList()).as("the truth join made its records").hasSize(30);
        assertThat(sentToGate()).as("records on the gate-by-name repartition topic").isEmpty();

        // the same images with a challenger on trial: each pair and each shadow score goes to the gate
        ProducerRecord<String, byte[]> pointer = ModelRecords.challenger(TOPICS.modelWeights(),
                new Challenger(NAME, 2, T0.plusSeconds(1), "test", 1, false, trainer.keyId()), trainer);
        models.pipeInput(new TestRecord<>(pointer.key(), pointer.value(), pointer.headers(), T0.plusSeconds(1)));
        for (int i = 0; i < 10; i++) {
            imageWithHeaderTruth(i % 2 == 0);
        }
        List<String> sent = sentToGate();
        assertThat(sent).hasSize(20);
        assertThat(sent.stream().filter("L"::equals).count()).isEqualTo(10);
    }

    @Test
    void shouldFeedTheRollbackWatchAfterAPromotionSoThatItStillRollsBack() {
        start(true);
        promoteV2();
        // v2, the champion now, is wrong on every image: the watch (reference: v1's 30 % on the trial) rolls it back
        int fed = 0;
        for (int i = 0; i < 200 && context.registry().activation(NAME).orElseThrow().version() == 2; i++) {
            assertThat(imageWhereTheChampionIs(false)).isEqualTo(2);
            fed++;
        }
        assertThat(writtenKeys()).containsExactly(NAME + "@decision-2-rollback", NAME + "@active");
        assertThat(sentToGate()).as("each of v2's labelled predictions reached the watch").hasSize(fed).containsOnly("L");
        assertThat(fed).isBetween(40, 60); // ln(20) / ln(0.77 / 0.72) = 44.7
        assertThat(meters.find(GateMetrics.ROLLBACKS).counter().count()).isEqualTo(1);

        // v1 again, activated over v2: the gate has no trial of 2 against 1, so no watch: one record says so
        imageWhereTheChampionIs(true);
        assertThat(sentToGate()).hasSize(1);
        assertThat(writtenKeys()).containsExactly(NAME + "@decision-1-watch-ended");
        GateDecision ended = context.registry().decisions(NAME).stream()
                .filter(d -> d.outcome() == GateDecision.Outcome.WATCH_ENDED).findFirst().orElseThrow();
        assertThat(ended.championVersion()).isEqualTo(2);
        assertThat(ended.keyId()).isEqualTo(controller.keyId());
        for (int i = 0; i < 20; i++) {
            imageWhereTheChampionIs(i % 2 == 0);
        }
        assertThat(sentToGate()).as("after the watch-ended record nothing more").isEmpty();
        assertThat(writtenKeys()).isEmpty();
    }

    @Test
    void shouldStopFeedingTheGateOnceThePromotedChampionHolds() {
        start(true);
        promoteV2();
        int fed = 0;
        while (!context.registry().decisions(NAME).stream().anyMatch(d -> d.outcome() == GateDecision.Outcome.WATCH_ENDED)) {
            assertThat(fed).isLessThan(100);
            imageWhereTheChampionIs(true);
            fed++;
        }
        assertThat(writtenKeys()).containsExactly(NAME + "@decision-2-watch-ended");
        assertThat(sentToGate()).hasSize(fed);
        assertThat(fed).isEqualTo(9); // ln(0.2) / ln(0.23 / 0.28) = 8.2
        for (int i = 0; i < 50; i++) {
            imageWhereTheChampionIs(i % 3 == 0);
        }
        assertThat(labelled.readValuesToList()).isNotEmpty();
        assertThat(sentToGate()).as("v2 holds: its labelled predictions stay in the scoring task").isEmpty();
        assertThat(context.registry().activation(NAME)).map(Activation::version).contains(2);
    }

    @Test
    void shouldSendAPredictionWhenItsChampionMayStillBeWatched() {
        ModelRegistry registry = new ModelRegistry();
        GateFeed feed = new GateFeed(registry);
        for (int v = 1; v <= 2; v++) {
            byte[] bytes = RegistryFixtures.smallModel(NAME, v);
            registry.accept(new PublishedModel(NAME, v, ModelCodec.decode(bytes), T0, Sha256.hex(bytes), bytes.length, null, v));
        }
        registry.accept(new Activation(NAME, 1, T0, null, "publish", null));
        assertThat(feed.test("a", prediction(1, null))).as("a first champion, no challenger").isFalse();
        assertThat(feed.test("a", prediction(1, 2))).as("a pair").isTrue();
        registry.accept(new Activation(NAME, 2, T0.plusSeconds(1), 1, "promote", null, false, NAME + "@decision-2", true));
        assertThat(feed.test("a", prediction(2, null))).as("promoted, watch not ended").isTrue();
        assertThat(feed.test("a", prediction(1, null))).as("late truth for the champion before").isFalse();
        registry.accept(new GateDecision(NAME, 1, 2, GateDecision.Outcome.WATCH_ENDED, "holds", null, T0.plusSeconds(2), true, null));
        assertThat(feed.test("a", prediction(2, null))).isFalse();
        assertThat(feed.test("a", prediction(2, 3))).as("a pair still goes").isTrue();
    }

    private static LabelledPrediction prediction(int version, Integer challenger) {
        return new LabelledPrediction("a", NAME, version, 0.9, true, true, T0, T0, 0, "test", challenger,
                challenger == null ? null : 0.2);
    }
}
