package io.catstream.stream;

import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.gate.GateSettings;
import io.catstream.kafka.KafkaSettings;
import io.catstream.registry.Activation;
import io.catstream.registry.Challenger;
import io.catstream.registry.Ed25519Keys;
import io.catstream.registry.GateDecision;
import io.catstream.registry.ModelRecords;
import io.catstream.registry.RecordSigner;
import io.catstream.send.TruthSender;
import io.catstream.serve.ScoringApp;
import io.catstream.testsupport.EmbeddedBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gate task on a real broker, inside a running scorer with a controller signing key. The challenger is the
 * champion's network with its output layer negated (p₂ = 1 − p₁), so the two disagree on every image: the truth, sent
 * on image-truth after the shadow scores are read back, makes every discordant image a win for the side the test
 * chooses. A challenger right where they disagree is promoted by one signed decision; the next one, right nowhere they
 * disagree, is rejected; the champion of each moment labels every image exactly once.
 */
class GateIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final String NAME = StreamTestKit.MODEL;
    private static final GateSettings SETTINGS = GateSettings.DEFAULTS.withLabelledRange(20, 20_000);
    private static final Duration LONG = DEADLINE.multipliedBy(2);

    private ScoringApp app;
    private ScoringApp other;

    @AfterEach
    void close() {
        for (ScoringApp a : new ScoringApp[] {other, app}) {
            if (a != null) {
                a.close();
            }
        }
    }

    @Test
    void shouldPromoteABetterChallengerAndRejectAWorseOneWithOneSignedDecisionEach() throws Exception {
        KafkaSettings settings = KAFKA.settings();
        ScoringTopics topics = StreamTestKit.createTopics(settings, "gate.");
        RecordSigner trainer = RecordSigner.of(Ed25519Keys.generate().getPrivate());
        RecordSigner controller = RecordSigner.of(Ed25519Keys.generate().getPrivate());
        StreamTestKit.send(settings, GateTrialFixtures.trial(topics, trainer, Instant.now()));
        app = ScoringApp.start(StreamTestKit.config(settings, topics, "gate-scorer", StreamTestKit.tempDir("gate"))
                .toBuilder().verifyKey(trainer.publicKey())
                .gate(new GateConfig(SETTINGS, Guardrails.DEFAULTS, controller)).build());
        await().atMost(LONG).until(() -> app.health().healthy() && app.context().registry().challenger(NAME).isPresent());

        // the challenger right on every image: promoted after w·ln(1.1) ≥ ln(20), w = 32 discordant images
        Map<String, ShadowScore> first = scoreAndReadShadows(settings, topics, "a-", 60, 60);
        sendTruth(settings, topics, first, true);
        await().atMost(LONG).until(() -> app.context().registry().activation(NAME).map(Activation::version).orElse(0) == 2);

        // version 3 (= version 1's network) challenges version 2 and is right nowhere they disagree: rejected
        Instant t1 = Instant.now();
        StreamTestKit.send(settings, List.of(
                ModelRecords.version(topics.modelWeights(), NAME, 3, GateTrialFixtures.model(false), t1, trainer),
                ModelRecords.challenger(topics.modelWeights(), new Challenger(NAME, 3, t1, "test", 2, false, trainer.keyId()), trainer)));
        await().atMost(LONG).until(() -> app.context().registry().challenger(NAME).map(Challenger::version).orElse(0) == 3);
        Map<String, ShadowScore> second = scoreAndReadShadows(settings, topics, "b-", 40, 100);
        sendTruth(settings, topics, second, false);
        await().atMost(LONG).until(() -> app.context().registry().latestDecision(NAME, 3).isPresent());

        List<ConsumerRecord<String, byte[]>> weights = StreamTestKit.readCommitted(settings, topics.modelWeights(), 10);
        List<String> decisions = weights.stream().map(ConsumerRecord::key).filter(k -> k.contains("@decision-")).toList();
        System.out.printf("gate: model-weights holds %s%n", weights.stream().map(ConsumerRecord::key).toList());
        // v2's first labelled image tells the gate there is no watch (v1 was right on none of the trial's images, no
        // reference to test against): the watch-ended record, before the trial of v3 can decide
        assertThat(decisions).containsExactly(NAME + "@decision-2", NAME + "@decision-2-watch-ended", NAME + "@decision-3");
        assertThat(app.context().registry().decisions(NAME)).filteredOn(d -> d.challengerVersion() == 2)
                .extracting(GateDecision::outcome).containsExactly(GateDecision.Outcome.PROMOTE, GateDecision.Outcome.WATCH_ENDED);
        GateDecision ended = app.context().registry().decisions(NAME).get(1);
        assertThat(ended.keyId()).isEqualTo(controller.keyId());
        assertThat(ended.reason()).startsWith("no watch: v1's accuracy on their trial, 0.000");
        assertThat(app.context().registry().watchMayRun(NAME, 2)).isFalse();
        GateDecision rejected = app.context().registry().latestDecision(NAME, 3).orElseThrow();
        assertThat(rejected.outcome()).isEqualTo(GateDecision.Outcome.REJECT);
        assertThat(rejected.automatic()).isTrue();
        assertThat(rejected.keyId()).isEqualTo(controller.keyId());
        assertThat(rejected.evidence().counts().championOnly()).isEqualTo(20);
        assertThat(app.context().registry().activation(NAME).map(Activation::version)).contains(2);

        // every image has exactly one label, from the champion of its moment
        List<Label> labels = StreamTestKit.labels(StreamTestKit.readCommitted(settings, topics.labels(), 100));
        assertThat(labels).extracting(Label::imageId).doesNotHaveDuplicates().hasSize(100);
        assertThat(labels).filteredOn(l -> l.imageId().startsWith("a-")).extracting(Label::modelVersion).containsOnly(1);
        assertThat(labels).filteredOn(l -> l.imageId().startsWith("b-")).extracting(Label::modelVersion).containsOnly(2);
    }

    @Test
    void shouldWriteOneDecisionPerChallengerWithTwoScorerInstances() throws Exception {
        KafkaSettings settings = KAFKA.settings();
        ScoringTopics topics = StreamTestKit.createTopics(settings, "gate2.");
        RecordSigner trainer = RecordSigner.of(Ed25519Keys.generate().getPrivate());
        RecordSigner controller = RecordSigner.of(Ed25519Keys.generate().getPrivate());
        StreamTestKit.send(settings, GateTrialFixtures.trial(topics, trainer, Instant.now()));
        // two instances of one application, each with the controller key: both could decide, one task does
        for (String instance : List.of("one", "two")) {
            ScoringApp started = ScoringApp.start(StreamTestKit.config(settings, topics, "gate-scorers",
                            StreamTestKit.tempDir("gate-" + instance)).toBuilder().verifyKey(trainer.publicKey())
                    .streamThreads(1).gate(new GateConfig(SETTINGS, Guardrails.DEFAULTS, controller)).build());
            if (app == null) {
                app = started;
            } else {
                other = started;
            }
        }
        await().atMost(LONG).until(() -> app.health().healthy() && other.health().healthy()
                && app.context().registry().challenger(NAME).isPresent() && other.context().registry().challenger(NAME).isPresent());

        Map<String, ShadowScore> shadows = scoreAndReadShadows(settings, topics, "c-", 80, 80);
        sendTruth(settings, topics, shadows, true);
        await().atMost(LONG).until(() -> app.context().registry().activation(NAME).map(Activation::version).orElse(0) == 2
                && other.context().registry().activation(NAME).map(Activation::version).orElse(0) == 2);

        List<ConsumerRecord<String, byte[]>> weights = StreamTestKit.readCommitted(settings, topics.modelWeights(), 7);
        System.out.printf("gate (two instances): model-weights holds %s%n", weights.stream().map(ConsumerRecord::key).toList());
        assertThat(weights).extracting(ConsumerRecord::key).filteredOn(k -> k.contains("@decision-"))
                .containsExactly(NAME + "@decision-2");
        assertThat(weights).extracting(ConsumerRecord::key).filteredOn(k -> k.equals(NAME + "@active")).hasSize(2);
        double promotions = decisions(app) + decisions(other);
        assertThat(promotions).as("promotions counted over both instances").isEqualTo(1);
    }

    private static double decisions(ScoringApp a) {
        var c = a.context().metrics().registry().find(io.catstream.metrics.GateMetrics.DECISIONS).tag("outcome", "promote").counter();
        return c == null ? 0 : c.count();
    }

    /** Sends {@code count} images keyed {@code prefix<i>}, returns their shadow scores once all are on the topic. */
    private static Map<String, ShadowScore> scoreAndReadShadows(KafkaSettings settings, ScoringTopics topics, String prefix,
                                                                 int count, int total) {
        List<ProducerRecord<String, byte[]>> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            images.add(new ProducerRecord<>(topics.images(), prefix + i, StreamFixtures.png(prefix.hashCode() + i)));
        }
        StreamTestKit.send(settings, images);
        Map<String, ShadowScore> shadows = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : StreamTestKit.readCommitted(settings, topics.shadowPredictions(), total)) {
            if (r.key().startsWith(prefix)) {
                shadows.put(r.key(), ShadowScore.parse(r.value()));
            }
        }
        assertThat(shadows).hasSize(count);
        assertThat(shadows.values()).allSatisfy(s -> assertThat(s.agree()).as("p and 1 - p disagree: %s", s).isFalse());
        return shadows;
    }

    /** Truth for each image: the challenger's label when {@code challengerRight}, else the champion's. */
    private static void sendTruth(KafkaSettings settings, ScoringTopics topics, Map<String, ShadowScore> shadows,
                                  boolean challengerRight) {
        List<ProducerRecord<String, byte[]>> truth = new ArrayList<>();
        shadows.forEach((id, s) -> {
            double p = challengerRight ? s.challengerProbability() : s.championProbability();
            truth.add(new ProducerRecord<>(topics.truth(), id, TruthSender.value(p >= 0.5, "test", Instant.now())));
        });
        StreamTestKit.send(settings, truth);
    }
}
