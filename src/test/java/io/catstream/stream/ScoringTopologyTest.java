package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.metrics.AccuracyWindow;
import io.catstream.metrics.ScoringMetrics;
import io.catstream.nn.Forward;
import io.catstream.registry.Ed25519Keys;
import io.catstream.registry.RecordSigner;
import io.catstream.registry.RegistryFixtures;
import io.catstream.registry.RegistryFixtures.BadModel;
import io.catstream.stream.StreamFixtures.BadInput;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The scoring topology on TopologyTestDriver: labels, dead letters, the no-model policy, swaps, refusals, accuracy. */
class ScoringTopologyTest {

    private static final ScoringTopics TOPICS = ScoringDriver.TOPICS;
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ScoringDriver scoring;
    private ScoringContext context;
    private TestOutputTopic<String, byte[]> labels;
    private TestOutputTopic<String, byte[]> deadLetters;
    private TestOutputTopic<String, byte[]> accuracy;

    private void start(ImageLimits limits, PublicKey verifyKey) {
        scoring = new ScoringDriver(limits, verifyKey, meters, T0, WINDOW);
        context = scoring.context;
        labels = scoring.labels;
        deadLetters = scoring.deadLetters;
        accuracy = scoring.accuracy;
    }

    private void start() {
        start(ImageLimits.defaults(), null);
    }

    @AfterEach
    void close() {
        if (scoring != null) {
            scoring.close();
        }
    }

    private void publish(int version, byte[] model, Instant at, RecordSigner signer) {
        scoring.publish(version, model, at, signer);
    }

    private void publish(int version, long seed) {
        publish(version, RegistryFixtures.smallModel("cats", seed), T0.plusSeconds(version), null);
    }

    private void send(String id, byte[] image, String truth) {
        scoring.send(id, image, truth);
    }

    private Label nextLabel() {
        return Label.fromJson(labels.readValue());
    }

    private double counter(String name, String... tags) {
        var c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void shouldLabelAnImageWithTheActiveModelsVersionAndTheTrainersProbability() {
        start();
        publish(1, 7);
        byte[] png = StreamFixtures.png(1);

        send("cats/one.png", png, "1");

        TestRecord<String, byte[]> out = labels.readRecord();
        Label label = Label.fromJson(out.value());
        ImagePreprocessor trainers = new ImagePreprocessor(context.active().current().published().artifact().input().toPreprocessing(),
                ImageLimits.defaults());
        double expected = Forward.probabilities(context.active().current().parameters(),
                new DMatrixRMaj(1, 48, true, trainers.toFeatures(png)))[0];
        assertThat(out.key()).isEqualTo("cats/one.png");
        assertThat(label.imageId()).isEqualTo("cats/one.png");
        assertThat(label.modelName()).isEqualTo("cats");
        assertThat(label.modelVersion()).isEqualTo(1);
        assertThat(label.probability()).isCloseTo(expected, within(1e-12));
        assertThat(label.isCat()).isEqualTo(expected > 0.5);
        assertThat(label.label()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(counter(ScoringMetrics.IMAGES_SCORED, "model_version", "1")).isEqualTo(1);
        assertThat(counter(ScoringMetrics.PREDICTIONS, "model_version", "1", "actual", "cat")).isEqualTo(1);
    }

    @Test
    void shouldWriteTheDocumentedLabelJsonWithANullLabelWhenTheTruthIsUnknown() {
        start();
        publish(1, 7);

        send("plain.jpg", StreamFixtures.jpeg(2), null);

        String json = new String(labels.readValue(), StandardCharsets.UTF_8);
        assertThat(json).matches("\\{\"image_id\":\"plain.jpg\",\"is_cat\":(true|false),\"probability\":[0-9.E-]+,"
                + "\"model_name\":\"cats\",\"model_version\":1,\"label\":null,\"scored_at\":\"[0-9T:.-]+Z\"}");
    }

    @ParameterizedTest
    @EnumSource(BadInput.class)
    void shouldDeadLetterBadInputWithItsReasonOriginalBytesAndHeaders(BadInput bad) {
        start(BadInput.LIMITS, null);
        publish(1, 7);

        send("bad-" + bad, bad.bytes, "0");

        assertThat(labels.isEmpty()).isTrue();
        TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo("bad-" + bad);
        assertThat(dead.value()).isEqualTo(bad.bytes);
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.REASON_HEADER)).isEqualTo(bad.reason);
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.MESSAGE_HEADER)).isNotBlank();
        assertThat(DeadLetter.header(dead.headers(), Label.LABEL_HEADER)).as("original header kept").isEqualTo("0");
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_TOPIC_HEADER)).isEqualTo(TOPICS.images());
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_PARTITION_HEADER)).isEqualTo("0");
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_OFFSET_HEADER)).isEqualTo("0");
        if (!bad.reason.equals("empty")) {
            assertThat(DeadLetter.header(dead.headers(), DeadLetter.ERROR_CLASS_HEADER))
                    .isEqualTo("io.catstream.image.ImageRejectedException");
        }
        assertThat(counter(ScoringMetrics.IMAGES_DEAD_LETTERED, "reason", bad.reason)).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterImagesThatArriveBeforeAnyModelIsActiveAsNoModel() {
        start();
        byte[] png = StreamFixtures.png(4);

        send("early.png", png, null);
        publish(1, 7);
        send("later.png", png, null);

        TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo("early.png");
        assertThat(dead.value()).isEqualTo(png);
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.REASON_HEADER)).isEqualTo(DeadLetter.NO_MODEL);
        assertThat(nextLabel().imageId()).isEqualTo("later.png");
        assertThat(counter(ScoringMetrics.IMAGES_DEAD_LETTERED, "reason", "no-model")).isEqualTo(1);
    }

    @Test
    void shouldScoreWithANewVersionAsSoonAsItsActivationArrivesOnTheModelTopic() {
        start();
        publish(1, 7);
        send("a", StreamFixtures.png(1), null);
        publish(2, 8);
        send("b", StreamFixtures.png(1), null);

        Label first = nextLabel();
        Label second = nextLabel();
        assertThat(first.modelVersion()).isEqualTo(1);
        assertThat(second.modelVersion()).isEqualTo(2);
        assertThat(second.probability()).isNotEqualTo(first.probability());
        assertThat(counter(ScoringMetrics.MODEL_SWAPS)).isEqualTo(2);
        assertThat(meters.find(ScoringMetrics.MODEL_ACTIVE_VERSION).gauge().value()).isEqualTo(2);
        assertThat(scoring.modelStore().get("cats@2")).startsWith("accepted ");
    }

    @Test
    void shouldKeepServingTheOldModelWhenANewOneHasNaNWeights() {
        start();
        publish(1, 7);
        byte[] poisoned = BadModel.NAN_PARAMETER.apply(RegistryFixtures.smallModel("cats", 8));

        publish(2, poisoned, T0.plusSeconds(2), null);
        send("a", StreamFixtures.png(1), null);

        assertThat(nextLabel().modelVersion()).isEqualTo(1);
        assertThat(counter(ScoringMetrics.MODELS_REFUSED, "reason", "non-finite-parameter")).isEqualTo(1);
        assertThat(counter(ScoringMetrics.MODELS_REFUSED, "reason", "unknown-version")).as("its pointer").isEqualTo(1);
        assertThat(scoring.modelStore().get("cats@2"))
                .contains("non-finite-parameter");
    }

    @Test
    void shouldRefuseAnUnsignedModelWhenAVerifyKeyIsSet() {
        KeyPair keys = Ed25519Keys.generate();
        start(ImageLimits.defaults(), keys.getPublic());
        publish(1, RegistryFixtures.smallModel("cats", 7), T0, RecordSigner.of(keys.getPrivate()));
        publish(2, RegistryFixtures.smallModel("cats", 8), T0.plusSeconds(2), null);

        send("a", StreamFixtures.png(1), null);

        assertThat(nextLabel().modelVersion()).isEqualTo(1);
        assertThat(counter(ScoringMetrics.MODELS_REFUSED, "reason", "signature-missing")).isEqualTo(2);
    }

    @Test
    void shouldCountTruePositivesAndNegativesPerVersionInTumblingWindows() {
        start();
        publish(1, 7);
        Map<String, Integer> expected = new HashMap<>(Map.of("tp", 0, "fp", 0, "tn", 0, "fn", 0));
        for (int i = 0; i < 12; i++) {
            String truth = i % 3 == 0 ? "0" : "1";
            send("img" + i, StreamFixtures.png(i), truth);
            Label l = nextLabel();
            String cell = (l.isCat() ? (l.label() ? "tp" : "fp") : (l.label() ? "fn" : "tn"));
            expected.merge(cell, 1, Integer::sum);
        }
        send("unlabelled", StreamFixtures.png(99), null); // scored, but not counted for accuracy
        assertThat(accuracy.isEmpty()).as("the deltas wait in the scoring task for the next forward").isTrue();
        scoring.advanceWallClock(AccuracyDeltas.forwardInterval(WINDOW));

        Map<String, AccuracyWindow> latest = new HashMap<>();
        for (var kv : accuracy.readKeyValuesToList()) {
            AccuracyWindow w = JsonSerdes.accuracyWindow().deserializer().deserialize("", kv.value);
            latest.put(kv.key + " " + w.start(), w);
        }
        assertThat(latest).hasSize(1);
        AccuracyWindow w = latest.values().iterator().next();
        assertThat(w.modelName()).isEqualTo("cats");
        assertThat(w.modelVersion()).isEqualTo(1);
        assertThat(w.start()).isEqualTo(T0);
        assertThat(w.end()).isEqualTo(T0.plus(WINDOW));
        assertThat(w.counts().truePositives()).isEqualTo((long) expected.get("tp"));
        assertThat(w.counts().falsePositives()).isEqualTo((long) expected.get("fp"));
        assertThat(w.counts().trueNegatives()).isEqualTo((long) expected.get("tn"));
        assertThat(w.counts().falseNegatives()).isEqualTo((long) expected.get("fn"));
        assertThat(w.counts().total()).isEqualTo(12);
        assertThat(context.metrics().accuracy(1)).isEqualTo(w.accuracy());
    }

    @Test
    void shouldStartANewAccuracyWindowAndKeepVersionsApart() {
        start();
        publish(1, 7);
        send("a", StreamFixtures.png(1), "1");
        scoring.advanceTime(WINDOW);
        send("b", StreamFixtures.png(2), "0");
        publish(2, 8);
        send("c", StreamFixtures.png(3), "1");
        scoring.advanceWallClock(AccuracyDeltas.forwardInterval(WINDOW));

        Map<String, AccuracyWindow> latest = new HashMap<>();
        for (var kv : accuracy.readKeyValuesToList()) {
            AccuracyWindow w = JsonSerdes.accuracyWindow().deserializer().deserialize("", kv.value);
            latest.put(kv.key + " " + w.start(), w);
        }
        assertThat(latest.keySet()).containsExactlyInAnyOrder("cats@1 " + T0, "cats@1 " + T0.plus(WINDOW),
                "cats@2 " + T0.plus(WINDOW));
        assertThat(latest.values()).allSatisfy(w -> assertThat(w.counts().total()).isEqualTo(1));
    }

    @Test
    void shouldWriteTheDocumentedAccuracyJson() {
        AccuracyWindow w = new AccuracyWindow("cats", 3, T0, T0.plus(WINDOW), new io.catstream.metrics.ConfusionCounts(40, 3, 50, 7));

        String json = new String(JsonSerdes.accuracyJson(w), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"model_name\":\"cats\",\"model_version\":3,\"window_start\":\"2026-11-27T10:00:00Z\","
                + "\"window_end\":\"2026-11-27T10:01:00Z\",\"tp\":40,\"fp\":3,\"tn\":50,\"fn\":7,\"count\":100,\"accuracy\":0.9}");
        assertThat(JsonSerdes.accuracyWindow().deserializer().deserialize("", json.getBytes(StandardCharsets.UTF_8))).isEqualTo(w);
    }

    @Test
    void shouldEmitExactlyOneOutcomePerInputRecord() {
        start(BadInput.LIMITS, null);
        send("before", StreamFixtures.png(1), null);
        publish(1, 7);
        int inputs = 1;
        for (BadInput bad : BadInput.values()) {
            send("bad" + bad, bad.bytes, null);
            send("good" + bad, StreamFixtures.jpeg(bad.ordinal()), "1");
            inputs += 2;
        }

        List<String> out = new java.util.ArrayList<>(labels.readKeyValuesToList().stream().map(kv -> kv.key).toList());
        out.addAll(deadLetters.readKeyValuesToList().stream().map(kv -> kv.key).toList());
        assertThat(out).hasSize(inputs).doesNotHaveDuplicates();
    }
}
