package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catstream.gate.GateSettings;
import io.catstream.metrics.GateMetrics;
import io.catstream.registry.Activation;
import io.catstream.registry.Challenger;
import io.catstream.registry.Ed25519Keys;
import io.catstream.registry.GateDecision;
import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.ModelRecords;
import io.catstream.registry.RecordSigner;
import io.catstream.registry.Refusal;
import io.catstream.registry.RegistryFixtures;
import io.catstream.registry.RegistryRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gate task inside the real scoring topology on a {@link TopologyTestDriver}: pairs and shadow scores go into
 * the gate's repartition topic (what the truth join and the labels' shadows send there), the registry is fed from
 * {@code model-weights} as in a scorer, and the decisions come out on {@code model-weights}. The statistic in the
 * evidence is checked against w·ln(2p₁) + l·ln(2(1−p₁)) computed here.
 */
class GateTopologyTest {

    private static final ScoringTopics TOPICS = ScoringTopics.defaults();
    private static final String NAME = "cats";
    private static final String APP = "gate-test";
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final GateSettings SETTINGS = GateSettings.DEFAULTS.withLabelledRange(20, 20_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordSigner trainer = RecordSigner.of(Ed25519Keys.generate().getPrivate());
    private final RecordSigner controller = RecordSigner.of(Ed25519Keys.generate().getPrivate());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ScoringContext context;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> models;
    private TestInputTopic<String, GateInput> gate;
    private TestOutputTopic<String, byte[]> written;
    private int image;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void start(RecordSigner signer, boolean pinned) {
        context = GateTrialFixtures.scorerWithGate(trainer, controller, signer, SETTINGS, meters, T0);
        driver = GateTrialFixtures.topologyDriver(context, APP, T0);
        models = driver.createInputTopic(TOPICS.modelWeights(), new StringSerializer(), new ByteArraySerializer());
        gate = driver.createInputTopic(APP + "-gate-by-name-repartition", new StringSerializer(), GateInput.serde().serializer());
        written = driver.createOutputTopic(TOPICS.modelWeights(), new StringDeserializer(), new ByteArrayDeserializer());
        for (int v = 1; v <= 2; v++) {
            pipe(ModelRecords.version(TOPICS.modelWeights(), NAME, v, RegistryFixtures.smallModel(NAME, v), T0, trainer));
        }
        pipe(ModelRecords.activation(TOPICS.modelWeights(), new Activation(NAME, 1, T0, null, "test", trainer.keyId(), pinned,
                null, false), trainer));
        pipe(ModelRecords.challenger(TOPICS.modelWeights(), new Challenger(NAME, 2, T0, "test", 1, false, trainer.keyId()), trainer));
        written.readRecordsToList(); // what the test itself wrote to model-weights
        assertThat(context.registry().challenger(NAME)).map(Challenger::version).contains(2);
    }

    private void pipe(ProducerRecord<String, byte[]> r) {
        models.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers(), T0));
    }

    /** A labelled image of the trial 1 vs 2 (or of the champion alone when {@code challengerRight} is null). */
    private void pair(int champion, boolean championRight, Integer challenger, Boolean challengerRight) {
        Instant at = T0.plusMillis(++image);
        LabelledPrediction p = new LabelledPrediction("img-" + image, NAME, champion, championRight ? 0.9 : 0.1,
                championRight, true, at, at, 0, "test", challenger, challengerRight == null ? null : challengerRight ? 0.8 : 0.2);
        gate.pipeInput(NAME, new GateInput.Labelled(p), at);
    }

    private void pairs(int count, boolean championRight, boolean challengerRight) {
        for (int i = 0; i < count; i++) {
            pair(1, championRight, 2, challengerRight);
        }
    }

    private List<TestRecord<String, byte[]>> decisions() {
        return written.readRecordsToList();
    }

    private static JsonNode json(TestRecord<String, byte[]> r) throws IOException {
        return JSON.readTree(r.value());
    }

    private double counter(String name, String tag, String value) {
        var c = meters.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void shouldPromoteABetterChallengerOnceWithSignedEvidence() throws IOException {
        start(controller, false);
        pairs(10, true, true); // concordant: count towards the minimum only
        pairs(5, false, false);
        int wins = 0;
        int losses = 0;
        double promoteAt = Math.log(1 / SETTINGS.falsePromotionRate());
        // 3 challenger wins for each champion win until Λ = w·ln(1.1) + l·ln(0.9) crosses ln(20)
        while (wins * Math.log(2 * 0.55) + losses * Math.log(2 * 0.45) < promoteAt) {
            pair(1, false, 2, true);
            wins++;
            if (wins % 3 == 0) {
                pair(1, true, 2, false);
                losses++;
            }
        }
        List<TestRecord<String, byte[]>> out = decisions();
        assertThat(out).extracting(TestRecord::key).containsExactly("cats@decision-2", "cats@active", "cats@challenger");
        JsonNode decision = json(out.get(0));
        assertThat(decision.get("decision").asText()).isEqualTo("promote");
        assertThat(decision.get("automatic").asBoolean()).isTrue();
        JsonNode evidence = decision.get("evidence");
        assertThat(evidence.has("guardrail")).as("decided by the test, not a guardrail").isFalse();
        assertThat(evidence.get("counts").get("challengerOnly").asLong()).isEqualTo(wins);
        assertThat(evidence.get("counts").get("championOnly").asLong()).isEqualTo(losses);
        assertThat(evidence.get("counts").get("bothRight").asLong()).isEqualTo(10);
        assertThat(evidence.get("statistic").asDouble())
                .isCloseTo(wins * Math.log(1.1) + losses * Math.log(0.9), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(json(out.get(1)).get("version").asInt()).isEqualTo(2);
        assertThat(json(out.get(2)).get("version").isNull()).isTrue();
        // every record verifies with the controller key, and a scorer trusting it accepts them
        ModelRecordValidator scorer = new ModelRecordValidator(trainer.publicKey(), List.of(controller.publicKey()));
        for (TestRecord<String, byte[]> r : out) {
            assertThat(scorer.validate(r.key(), r.headers(), r.value(), 0)).isNotInstanceOf(Refusal.class);
        }
        // the registry sees them (model-weights is also the global store's input) and nothing is decided again
        assertThat(context.registry().activation(NAME)).map(Activation::version).contains(2);
        pairs(50, false, true);
        assertThat(decisions()).isEmpty();
        assertThat(counter(GateMetrics.DECISIONS, "outcome", "promote")).isEqualTo(1);
    }

    @Test
    void shouldRejectAWorseChallengerAndLeaveTheChampion() throws IOException {
        start(controller, false);
        for (int i = 0; i < 60 && written.isEmpty(); i++) {
            pair(1, true, 2, false);
        }
        List<TestRecord<String, byte[]>> out = decisions();
        assertThat(out).extracting(TestRecord::key).containsExactly("cats@decision-2", "cats@challenger");
        assertThat(json(out.get(0)).get("decision").asText()).isEqualTo("reject");
        // Λ = l·ln(0.9) reaches ln(0.2) after the 20-image minimum: 20 losses (ln 0.2 / ln 0.9 = 15.3)
        assertThat(json(out.get(0)).get("evidence").get("counts").get("championOnly").asLong()).isEqualTo(20);
        assertThat(context.registry().activation(NAME)).map(Activation::version).contains(1);
        assertThat(context.registry().challenger(NAME)).isEmpty();
    }

    @Test
    void shouldRejectEarlyAChallengerThatFailsOften() throws IOException {
        start(controller, false);
        for (int i = 0; i < Guardrails.DEFAULTS.minShadowed(); i++) {
            Instant at = T0.plusMillis(i);
            ShadowScore s = i % 10 == 0
                    ? ShadowScore.failed("img-" + i, NAME, 1, 0.9, 2, 100, 100, "corrupt", at)
                    : ShadowScore.scored("img-" + i, NAME, 1, 0.9, 2, 0.85, 100, 110, at);
            gate.pipeInput(NAME, new GateInput.Shadow(s), at);
        }
        List<TestRecord<String, byte[]>> out = decisions();
        assertThat(out).extracting(TestRecord::key).containsExactly("cats@decision-2", "cats@challenger");
        JsonNode decision = json(out.get(0));
        assertThat(decision.get("decision").asText()).isEqualTo("reject");
        assertThat(decision.get("reason").asText()).startsWith("guardrail failures").contains("20 of 200");
        JsonNode guardrail = decision.get("evidence").get("guardrail");
        assertThat(guardrail.get("name").asText()).isEqualTo(Guardrails.Breach.FAILURES);
        assertThat(guardrail.get("observed").asDouble()).isEqualTo(20 / 200.0);
        assertThat(guardrail.get("limit").asDouble()).isEqualTo(Guardrails.DEFAULTS.maxFailureRate());
        assertThat(guardrail.get("failures").asLong()).isEqualTo(20);
        assertThat(guardrail.get("shadowed").asLong()).isEqualTo(200);
        assertThat(counter(GateMetrics.DECISIONS, "guardrail", Guardrails.Breach.FAILURES)).isEqualTo(1);
    }

    @Test
    void shouldRejectEarlyAChallengerThatScoresMuchSlower() throws IOException {
        start(controller, false);
        // same probabilities (no failure, PSI 0), the challenger 3.5× the champion's 100 µs: over the 3× guardrail
        for (int i = 0; i < Guardrails.DEFAULTS.minShadowed() && written.isEmpty(); i++) {
            Instant at = T0.plusMillis(i);
            gate.pipeInput(NAME, new GateInput.Shadow(ShadowScore.scored("img-" + i, NAME, 1, 0.9, 2, 0.9, 100, 350, at)), at);
        }
        List<TestRecord<String, byte[]>> out = decisions();
        assertThat(out).extracting(TestRecord::key).containsExactly("cats@decision-2", "cats@challenger");
        JsonNode decision = json(out.get(0));
        assertThat(decision.get("decision").asText()).isEqualTo("reject");
        assertThat(decision.get("reason").asText()).startsWith("guardrail latency").contains("3.5x").contains("200");
        JsonNode guardrail = decision.get("evidence").get("guardrail");
        assertThat(guardrail.get("name").asText()).isEqualTo(Guardrails.Breach.LATENCY);
        assertThat(guardrail.get("observed").asDouble()).isCloseTo(3.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(guardrail.get("limit").asDouble()).isEqualTo(Guardrails.DEFAULTS.maxSlowdown());
        assertThat(guardrail.get("shadowed").asLong()).isEqualTo(Guardrails.DEFAULTS.minShadowed());
        assertThat(guardrail.get("championMeanMicros").asDouble()).isEqualTo(100.0);
        assertThat(guardrail.get("challengerMeanMicros").asDouble()).isEqualTo(350.0);
        assertThat(counter(GateMetrics.DECISIONS, "guardrail", Guardrails.Breach.LATENCY)).isEqualTo(1);
        assertThat(context.registry().challenger(NAME)).isEmpty();
        assertThat(context.registry().activation(NAME)).map(Activation::version).contains(1);
    }

    @Test
    void shouldNotRejectAChallengerJustUnderTheLatencyGuardrail() {
        start(controller, false);
        // 2.9× on 400 images: slower, but within the 3× the guardrail allows
        for (int i = 0; i < 2 * Guardrails.DEFAULTS.minShadowed(); i++) {
            Instant at = T0.plusMillis(i);
            gate.pipeInput(NAME, new GateInput.Shadow(ShadowScore.scored("img-" + i, NAME, 1, 0.9, 2, 0.9, 100, 290, at)), at);
        }
        assertThat(decisions()).isEmpty();
        assertThat(context.registry().challenger(NAME)).map(Challenger::version).contains(2);
    }

    @Test
    void shouldRejectEarlyAChallengerWhoseProbabilitiesDifferWildly() throws IOException {
        start(controller, false);
        for (int i = 0; i < Guardrails.DEFAULTS.minShadowed(); i++) {
            Instant at = T0.plusMillis(i);
            // the champion says 0.9, the challenger 0.05: one bucket each, far apart (PSI ≈ 2·(1 − 1e-4)·ln(1e4) ≈ 18)
            gate.pipeInput(NAME, new GateInput.Shadow(ShadowScore.scored("img-" + i, NAME, 1, 0.9, 2, 0.05, 100, 110, at)), at);
        }
        List<TestRecord<String, byte[]>> out = decisions();
        assertThat(out).hasSize(2);
        assertThat(json(out.get(0)).get("reason").asText()).startsWith("guardrail distribution");
        JsonNode guardrail = json(out.get(0)).get("evidence").get("guardrail");
        assertThat(guardrail.get("name").asText()).isEqualTo(Guardrails.Breach.DISTRIBUTION);
        assertThat(guardrail.get("observed").asDouble()).isGreaterThan(Guardrails.DEFAULTS.maxPsi());
        assertThat(guardrail.get("limit").asDouble()).isEqualTo(Guardrails.DEFAULTS.maxPsi());
    }

    @Test
    void shouldNotPromoteOverAPinnedChampion() {
        start(controller, true);
        pairs(100, false, true);
        assertThat(decisions()).isEmpty();
        assertThat(context.registry().activation(NAME)).map(Activation::version).contains(1);
        assertThat(counter(GateMetrics.NOT_WRITTEN, "reason", "pinned")).isEqualTo(1);
    }

    @Test
    void shouldNotDecideWhenADecisionIsAlreadyOnTheRegistry() {
        start(controller, false);
        // a person rejected version 2 (the challenger pointer not yet cleared): the gate must not decide again
        pipe(ModelRecords.decision(TOPICS.modelWeights(), new GateDecision(NAME, 1, 2, GateDecision.Outcome.REJECT, "by hand",
                null, T0, false, trainer.keyId()), trainer));
        written.readRecordsToList();
        pairs(100, false, true);
        assertThat(decisions()).isEmpty();
        assertThat(counter(GateMetrics.NOT_WRITTEN, "reason", "already-decided")).isEqualTo(1);
    }

    @Test
    void shouldCountButWriteNothingWithoutASigningKey() {
        start(null, false);
        pairs(100, false, true);
        assertThat(decisions()).isEmpty();
        assertThat(counter(GateMetrics.NOT_WRITTEN, "reason", "no-signing-key")).isEqualTo(1);
        // the trial ends at its final verdict: the first count where w·ln(1.1) ≥ ln(20), w = 32
        long atVerdict = (long) Math.ceil(Math.log(20) / Math.log(1.1));
        assertThat(atVerdict).isEqualTo(32);
        assertThat(meters.find(GateMetrics.LABELLED_PAIRS).gauge().value()).isEqualTo(atVerdict);
    }

    @Test
    void shouldRollBackAPromotedChampionThatDrops() throws IOException {
        start(controller, false);
        promoteByTheGate();
        assertThat(context.registry().activation(NAME)).map(Activation::version).contains(2);
        // the new champion is right on 60 %: the watch (against the old champion's 80 % on the trial) rolls it back
        for (int i = 0; i < 200 && written.isEmpty(); i++) {
            pair(2, i % 5 < 3, null, null);
        }
        List<TestRecord<String, byte[]>> out = decisions();
        assertThat(out).extracting(TestRecord::key).containsExactly("cats@decision-2-rollback", "cats@active");
        JsonNode decision = json(out.get(0));
        assertThat(decision.get("decision").asText()).isEqualTo("rollback");
        assertThat(decision.get("automatic").asBoolean()).isTrue();
        assertThat(json(out.get(1)).get("version").asInt()).isEqualTo(1);
        assertThat(context.registry().activation(NAME)).map(Activation::version).contains(1);
        assertThat(counter(GateMetrics.ROLLBACKS, "model_name", NAME)).isEqualTo(1);
    }

    /** The trial: champion right on 80 %, the challenger on all, until the gate promotes it (about 160 images). */
    private void promoteByTheGate() {
        for (int i = 0; i < 400 && written.isEmpty(); i++) {
            pair(1, i % 10 >= 2, 2, true);
        }
        assertThat(decisions()).extracting(TestRecord::key).containsExactly("cats@decision-2", "cats@active", "cats@challenger");
        assertThat(context.registry().watchMayRun(NAME, 2)).isTrue();
    }

    /** A person promotes version 2 over 1 without the gate's trial (models promote), signed by the trainer key. */
    private void promoteByAPerson() {
        pipe(ModelRecords.decision(TOPICS.modelWeights(), new GateDecision(NAME, 1, 2, GateDecision.Outcome.PROMOTE, "by hand",
                null, T0.plusSeconds(1), false, trainer.keyId()), trainer));
        pipe(ModelRecords.activation(TOPICS.modelWeights(), new Activation(NAME, 2, T0.plusSeconds(1), 1, "promote", trainer.keyId(),
                false, "cats@decision-2", false), trainer));
        written.readRecordsToList();
        assertThat(context.registry().watchMayRun(NAME, 2)).isTrue();
    }

    /** The one record written, checked to be the signed watch-ended record of version 2 over 1; its JSON. */
    private JsonNode watchEnded(List<TestRecord<String, byte[]>> out) throws IOException {
        assertThat(out).extracting(TestRecord::key).containsExactly("cats@decision-2-watch-ended");
        ModelRecordValidator scorer = new ModelRecordValidator(trainer.publicKey(), List.of(controller.publicKey()));
        RegistryRecord read = scorer.validate(out.get(0).key(), out.get(0).headers(), out.get(0).value(), 0);
        assertThat(read).isInstanceOf(GateDecision.class);
        assertThat(((GateDecision) read).keyId()).isEqualTo(controller.keyId());
        JsonNode ended = json(out.get(0));
        assertThat(ended.get("decision").asText()).isEqualTo("watch-ended");
        assertThat(ended.get("championVersion").asInt()).isEqualTo(1);
        assertThat(ended.get("challengerVersion").asInt()).isEqualTo(2);
        assertThat(ended.get("automatic").asBoolean()).isTrue();
        assertThat(ended.get("evidence").isNull()).isTrue();
        return ended;
    }

    @Test
    void shouldWriteTheWatchEndedRecordOnceSignedWhenThePromotedChampionHolds() throws IOException {
        start(controller, false);
        promoteByTheGate();
        // the new champion is right on every image: against the old one's ~80 % the watch holds after about 24 images
        for (int i = 0; i < 30 && written.isEmpty(); i++) {
            pair(2, true, null, null);
        }
        JsonNode ended = watchEnded(decisions());
        // the reference is the old champion's accuracy on the trial's images, 0.789 where the promotion came
        assertThat(ended.get("reason").asText()).matches("holds: accuracy 1\\.000 on 2\\d labelled images holds against the "
                + "old champion's 0\\.7\\d\\d \\(statistic -1\\.6\\d\\d\\)");
        // the registry read it back: the scorers stop sending; and the gate writes nothing more for this champion
        assertThat(context.registry().watchMayRun(NAME, 2)).isFalse();
        assertThat(context.registry().activation(NAME)).map(Activation::version).contains(2);
        for (int i = 0; i < 50; i++) {
            pair(2, i % 2 == 0, null, null);
        }
        assertThat(decisions()).isEmpty();
        assertThat(counter(GateMetrics.DECISIONS, "outcome", "watch-ended")).isEqualTo(1);
        assertThat(counter(GateMetrics.ROLLBACKS, "model_name", NAME)).isZero();
    }

    @Test
    void shouldWriteTheWatchEndedRecordWhenAPromotionHasNoTrialToWatchWith() throws IOException {
        start(controller, false);
        pair(1, true, null, null);
        assertThat(decisions()).as("the first champion has no watch and needs no record").isEmpty();
        promoteByAPerson();
        pair(2, false, null, null);
        JsonNode ended = watchEnded(decisions());
        assertThat(ended.get("reason").asText()).isEqualTo("no watch: the gate holds no trial of v1 against it "
                + "(activated without one here)");
        assertThat(context.registry().watchMayRun(NAME, 2)).isFalse();
        pair(2, false, null, null);
        assertThat(decisions()).isEmpty();
    }

    @Test
    void shouldWriteTheRecordOfAWatchThatEndedBeforeTheRecordExisted() throws IOException {
        start(controller, false);
        promoteByAPerson();
        // gate-state as an earlier release left it: the watch of v2 held, and no watch-ended record was ever written
        KeyValueStore<String, byte[]> state = driver.getKeyValueStore(GateProcessor.STORE);
        state.put(GateWatch.key(NAME), GateStateCodec.write(new GateWatch(2, 1, 0.8, 30, 0, "HOLDS")));
        pair(2, true, null, null);
        JsonNode ended = watchEnded(decisions());
        assertThat(ended.get("reason").asText()).startsWith("holds: accuracy 1.000 on 30 labelled images holds against the old champion's 0.800");
        assertThat(context.registry().watchMayRun(NAME, 2)).isFalse();
    }

    @Test
    void shouldWriteNoWatchEndedRecordWithoutASigningKey() {
        start(null, false);
        promoteByAPerson();
        pair(2, true, null, null);
        assertThat(decisions()).isEmpty();
        assertThat(context.registry().watchMayRun(NAME, 2)).as("the scorers keep sending: only slower").isTrue();
        assertThat(counter(GateMetrics.NOT_WRITTEN, "reason", "no-signing-key")).as("not a verdict").isZero();
    }

    @Test
    void shouldRefuseAForgedDecisionRecord() {
        start(controller, false);
        RecordSigner stranger = RecordSigner.of(Ed25519Keys.generate().getPrivate());
        GateDecision forged = new GateDecision(NAME, 1, 2, GateDecision.Outcome.PROMOTE, "forged", null, T0, true, null);
        pipe(ModelRecords.decision(TOPICS.modelWeights(), forged, stranger));
        pipe(ModelRecords.decision(TOPICS.modelWeights(), forged, null));
        assertThat(context.registry().decisions(NAME)).isEmpty();
        assertThat(context.registry().challenger(NAME)).map(Challenger::version).contains(2);
        RegistryRecord check = context.validator().validate("cats@decision-2",
                ModelRecords.decision(TOPICS.modelWeights(), forged, stranger).headers(), forged.toJson(), 0);
        assertThat(check).isInstanceOf(Refusal.class);
    }
}
