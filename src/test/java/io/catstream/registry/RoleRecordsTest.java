package io.catstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.gate.GateSettings;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The challenger pointer, decision records and pinned activations: format, signatures, trusted keys. */
class RoleRecordsTest {

    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyPair TRAINER_KEYS = Ed25519Keys.generate();
    private static final RecordSigner TRAINER = RecordSigner.of(TRAINER_KEYS.getPrivate());
    private static final KeyPair CONTROLLER_KEYS = Ed25519Keys.generate();
    private static final RecordSigner CONTROLLER = RecordSigner.of(CONTROLLER_KEYS.getPrivate());
    private static final RecordSigner STRANGER = RecordSigner.of(Ed25519Keys.generate().getPrivate());
    /** Trusts the trainer and the controller, as a scorer with --verify-key and --controller-key. */
    private static final ModelRecordValidator TRUSTING = new ModelRecordValidator(TRAINER_KEYS.getPublic(),
            List.of(CONTROLLER_KEYS.getPublic()));
    private static final ModelRecordValidator TRAINER_ONLY = new ModelRecordValidator(TRAINER_KEYS.getPublic());

    private static RegistryRecord validate(ModelRecordValidator validator, ProducerRecord<String, byte[]> r) {
        return validator.validate(r.key(), r.headers(), r.value(), 0);
    }

    private static RefusalReason refusal(RegistryRecord outcome) {
        assertThat(outcome).isInstanceOf(Refusal.class);
        return ((Refusal) outcome).reason();
    }

    /** A gate decision built from the gate's own verdict on a table, as the gate task will write it. */
    private static GateDecision promotion() {
        return RegistryFixtures.gatePromotion("cats", NOW);
    }

    private static ProducerRecord<String, byte[]> withValue(ProducerRecord<String, byte[]> r, byte[] value) {
        return new ProducerRecord<>(r.topic(), null, r.key(), value, r.headers());
    }

    @Test
    void shouldRoundTripAChallengerPointerAndItsAbsence() {
        Challenger on = new Challenger("cats", 4, NOW, "publish --as challenger", 3, false, null);
        Challenger off = new Challenger("cats", null, NOW.plusSeconds(1), "rejected", 3, true, null);

        assertThat(validate(TRUSTING, ModelRecords.challenger("t", on, TRAINER))).isEqualTo(on.withKeyId(TRAINER.keyId()));
        assertThat(validate(TRUSTING, ModelRecords.challenger("t", off, CONTROLLER))).isEqualTo(off.withKeyId(CONTROLLER.keyId()));
        assertThat(ModelRecords.challenger("t", on, null).key()).isEqualTo("cats@challenger");
    }

    @Test
    void shouldRoundTripADecisionWithItsEvidence() throws Exception {
        GateDecision decision = promotion();
        ProducerRecord<String, byte[]> record = ModelRecords.decision("t", decision, CONTROLLER);

        assertThat(record.key()).isEqualTo("cats@decision-4");
        assertThat(validate(TRUSTING, record)).isEqualTo(decision.withKeyId(CONTROLLER.keyId()));
        // the documented field names, read by a plain JSON reader
        var json = JSON.readTree(record.value());
        assertThat(json.get("decision").asText()).isEqualTo("promote");
        assertThat(json.at("/evidence/counts/challengerOnly").asLong()).isEqualTo(90);
        assertThat(json.at("/evidence/promoteAt").asDouble()).isEqualTo(Math.log(1 / 0.05));
        assertThat(json.at("/evidence/rejectAt").asDouble()).isEqualTo(Math.log(0.20));
        assertThat(json.at("/evidence/settings/p1").asDouble()).isEqualTo(0.55);
        assertThat(json.at("/evidence/windowEnd").asText()).isEqualTo(NOW.toString());
        // Λ = w·ln(2·p₁) + l·ln(2·(1 − p₁)), computed here rather than taken from the gate
        assertThat(json.at("/evidence/statistic").asDouble())
                .isCloseTo(90 * Math.log(1.1) + 40 * Math.log(0.9), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldRoundTripAGuardrailRejectionNamingTheGuardrailAndItsNumbers() throws Exception {
        GateDecision rejection = RegistryFixtures.guardrailRejection("cats", NOW);
        ProducerRecord<String, byte[]> record = ModelRecords.decision("t", rejection, CONTROLLER);

        assertThat(validate(TRUSTING, record)).isEqualTo(rejection.withKeyId(CONTROLLER.keyId()));
        var json = JSON.readTree(record.value());
        assertThat(json.at("/evidence/guardrail/name").asText()).isEqualTo("latency");
        assertThat(json.at("/evidence/guardrail/observed").asDouble()).isEqualTo(3.5);
        assertThat(json.at("/evidence/guardrail/limit").asDouble()).isEqualTo(3.0);
        assertThat(json.at("/evidence/guardrail/shadowed").asLong()).isEqualTo(200);
        assertThat(json.at("/evidence/guardrail/challengerMeanMicros").asDouble()).isEqualTo(350.0);
        // a verdict of the test carries no guardrail object at all (the records written before it stay valid)
        assertThat(JSON.readTree(promotion().toJson()).at("/evidence").has("guardrail")).isFalse();
        assertThat(((GateDecision) validate(TRUSTING, ModelRecords.decision("t", promotion(), CONTROLLER))).evidence().guardrail())
                .isNull();
    }

    @Test
    void shouldRefuseAGuardrailWhoseNumbersAreImpossible() throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(RegistryFixtures.guardrailRejection("cats", NOW).toJson());
        ((ObjectNode) node.at("/evidence/guardrail")).put("failures", 201); // more failures than images
        ProducerRecord<String, byte[]> record = withValue(ModelRecords.decision("t", RegistryFixtures.guardrailRejection("cats", NOW),
                null), JSON.writeValueAsBytes(node));

        assertThat(ModelRecordValidator.unsigned().validate(record.key(), record.headers(), record.value(), 0))
                .isInstanceOf(Refusal.class);
    }

    /** The first JSON block after {@code heading} in docs/model-registry.md. */
    private static byte[] documentedJson(String heading) throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/model-registry.md"));
        int start = doc.indexOf("```json", doc.indexOf(heading)) + "```json".length();
        return doc.substring(start, doc.indexOf("```", start)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadTheDocumentedExamplesAsTheDocsDescribeThem() throws Exception {
        byte[] decisionJson = documentedJson("### Decision record");
        byte[] challengerJson = documentedJson("### Challenger pointer");
        ProducerRecord<String, byte[]> decisionShape = ModelRecords.decision("t",
                new GateDecision("catstream", 3, 4, GateDecision.Outcome.PROMOTE, "x", null, NOW, true, null), null);
        ProducerRecord<String, byte[]> challengerShape = ModelRecords.challenger("t",
                new Challenger("catstream", 4, NOW, "x", 3, false, null), null);

        RegistryRecord decision = ModelRecordValidator.unsigned().validate("catstream@decision-4", decisionShape.headers(), decisionJson, 0);
        RegistryRecord challenger = ModelRecordValidator.unsigned().validate("catstream@challenger", challengerShape.headers(), challengerJson, 0);

        assertThat(decision).isInstanceOf(GateDecision.class);
        GateDecision d = (GateDecision) decision;
        assertThat(d.evidence().statistic()).isCloseTo(90 * Math.log(1.1) + 40 * Math.log(0.9), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(d.evidence().promoteAt()).isCloseTo(Math.log(20), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(d.evidence().rejectAt()).isCloseTo(Math.log(0.2), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(d.evidence().settings()).isEqualTo(GateSettings.DEFAULTS);
        assertThat(challenger).isInstanceOf(Challenger.class);
    }

    @Test
    void shouldRoundTripAManualRejectionAndARollbackUnderTheirOwnKeys() {
        GateDecision reject = new GateDecision("cats", 3, 5, GateDecision.Outcome.REJECT, "manual", null, NOW, false, null);
        GateDecision rollback = new GateDecision("cats", 3, 4, GateDecision.Outcome.ROLLBACK, "manual", null, NOW, false, null);

        assertThat(ModelRecords.decision("t", reject, TRAINER).key()).isEqualTo("cats@decision-5");
        assertThat(ModelRecords.decision("t", rollback, TRAINER).key()).isEqualTo("cats@decision-4-rollback");
        assertThat(validate(TRUSTING, ModelRecords.decision("t", reject, TRAINER))).isEqualTo(reject.withKeyId(TRAINER.keyId()));
        assertThat(validate(TRUSTING, ModelRecords.decision("t", rollback, TRAINER))).isEqualTo(rollback.withKeyId(TRAINER.keyId()));
    }

    @Test
    void shouldRoundTripTheGatesWatchEndedRecordSignedByTheControllerAndRefuseItUnsigned() throws Exception {
        GateDecision ended = new GateDecision("cats", 3, 4, GateDecision.Outcome.WATCH_ENDED, "holds: accuracy 0.950",
                null, NOW, true, null);
        ProducerRecord<String, byte[]> signed = ModelRecords.decision("t", ended, CONTROLLER);

        assertThat(signed.key()).isEqualTo("cats@decision-4-watch-ended");
        assertThat(JSON.readTree(signed.value()).get("decision").asText()).isEqualTo("watch-ended");
        assertThat(validate(TRUSTING, signed)).isEqualTo(ended.withKeyId(CONTROLLER.keyId()));
        assertThat(refusal(validate(TRUSTING, ModelRecords.decision("t", ended, null)))).isEqualTo(RefusalReason.UNSIGNED_DECISION);
        assertThat(refusal(validate(TRAINER_ONLY, signed))).isEqualTo(RefusalReason.FORGED_DECISION);
        // the signature binds it to its key: not a rollback of the same version
        ProducerRecord<String, byte[]> moved = new ProducerRecord<>("t", null, "cats@decision-4-rollback", signed.value(),
                signed.headers());
        assertThat(refusal(validate(TRUSTING, moved))).isEqualTo(RefusalReason.FORGED_DECISION);
        // it changes no pointer
        ModelRoles.Change change = ModelRoles.change(new ModelRegistry(), ended, false, CONTROLLER.keyId());
        assertThat(change.records("t", CONTROLLER)).extracting(ProducerRecord::key).containsExactly("cats@decision-4-watch-ended");
    }

    @Test
    void shouldRefuseUnsignedDecisionsAndChallengersWhenKeysAreConfigured() {
        Challenger on = new Challenger("cats", 4, NOW, "x", 3, false, null);

        assertThat(refusal(validate(TRUSTING, ModelRecords.decision("t", promotion(), null)))).isEqualTo(RefusalReason.UNSIGNED_DECISION);
        assertThat(refusal(validate(TRUSTING, ModelRecords.challenger("t", on, null)))).isEqualTo(RefusalReason.UNSIGNED_DECISION);
        // without keys (development) they are accepted
        assertThat(validate(ModelRecordValidator.unsigned(), ModelRecords.decision("t", promotion(), null))).isInstanceOf(GateDecision.class);
    }

    @Test
    void shouldRefuseDecisionsSignedByAnUntrustedKeyOrAForgedSignature() {
        ProducerRecord<String, byte[]> forged = ModelRecords.decision("t", promotion(), null);
        RegistryHeaders.put(forged.headers(), RegistryHeaders.SIGNATURE, "AAAA" + "A".repeat(84));
        RegistryHeaders.put(forged.headers(), RegistryHeaders.KEY_ID, CONTROLLER.keyId());

        assertThat(refusal(validate(TRUSTING, ModelRecords.decision("t", promotion(), STRANGER)))).isEqualTo(RefusalReason.FORGED_DECISION);
        assertThat(refusal(validate(TRUSTING, forged))).isEqualTo(RefusalReason.FORGED_DECISION);
        // the controller is not trusted by a scorer that was given no --controller-key
        assertThat(refusal(validate(TRAINER_ONLY, ModelRecords.decision("t", promotion(), CONTROLLER)))).isEqualTo(RefusalReason.FORGED_DECISION);
        assertThat(refusal(validate(TRUSTING, ModelRecords.challenger("t", new Challenger("cats", 4, NOW, "x", 3, false, null),
                STRANGER)))).isEqualTo(RefusalReason.FORGED_DECISION);
    }

    @Test
    void shouldRefuseADecisionWhoseEvidenceWasAlteredAfterSigning() throws Exception {
        ProducerRecord<String, byte[]> signed = ModelRecords.decision("t", promotion(), CONTROLLER);
        ObjectNode json = (ObjectNode) JSON.readTree(signed.value());
        ((ObjectNode) json.at("/evidence/counts")).put("championOnly", 10); // fewer champion wins: a stronger case
        ObjectNode reason = (ObjectNode) JSON.readTree(signed.value());
        reason.put("reason", "something else"); // even a field nobody acts on

        assertThat(refusal(validate(TRUSTING, withValue(signed, JSON.writeValueAsBytes(json))))).isEqualTo(RefusalReason.FORGED_DECISION);
        assertThat(refusal(validate(TRUSTING, withValue(signed, JSON.writeValueAsBytes(reason))))).isEqualTo(RefusalReason.FORGED_DECISION);
    }

    @Test
    void shouldRefuseADecisionMovedToAnotherKey() {
        ProducerRecord<String, byte[]> signed = ModelRecords.decision("t", promotion(), CONTROLLER);
        ProducerRecord<String, byte[]> rekeyed = new ProducerRecord<>("t", null, "cats@decision-5", signed.value(), signed.headers());
        ProducerRecord<String, byte[]> unsignedRekeyed = ModelRecords.decision("t", promotion(), null);
        ProducerRecord<String, byte[]> moved = new ProducerRecord<>("t", null, "cats@decision-5", unsignedRekeyed.value(),
                unsignedRekeyed.headers());

        assertThat(refusal(validate(TRUSTING, rekeyed))).isEqualTo(RefusalReason.FORGED_DECISION);
        assertThat(refusal(validate(ModelRecordValidator.unsigned(), moved))).isEqualTo(RefusalReason.BAD_DECISION);
    }

    @Test
    void shouldRefuseDecisionsAndChallengersThatAreNotTheDocumentedJson() {
        ProducerRecord<String, byte[]> decision = ModelRecords.decision("t", promotion(), null);
        ProducerRecord<String, byte[]> challenger = ModelRecords.challenger("t", new Challenger("cats", 4, NOW, "x", 3, false, null), null);
        ModelRecordValidator unsigned = ModelRecordValidator.unsigned();
        byte[] badOutcome = new String(decision.value(), StandardCharsets.UTF_8).replace("\"promote\"", "\"maybe\"")
                .getBytes(StandardCharsets.UTF_8);
        byte[] selfChallenge = new Challenger("cats", 3, NOW, "x", 3, false, null).toJson();

        assertThat(refusal(validate(unsigned, withValue(decision, "{}".getBytes(StandardCharsets.UTF_8))))).isEqualTo(RefusalReason.BAD_DECISION);
        assertThat(refusal(validate(unsigned, withValue(decision, badOutcome)))).isEqualTo(RefusalReason.BAD_DECISION);
        assertThat(refusal(validate(unsigned, withValue(challenger, "[1]".getBytes(StandardCharsets.UTF_8))))).isEqualTo(RefusalReason.BAD_CHALLENGER);
        RegistryHeaders.put(challenger.headers(), RegistryHeaders.VERSION, "3");
        assertThat(refusal(validate(unsigned, withValue(challenger, selfChallenge)))).isEqualTo(RefusalReason.BAD_CHALLENGER);
        RegistryHeaders.put(challenger.headers(), RegistryHeaders.KIND, RegistryHeaders.KIND_ACTIVATION);
        assertThat(refusal(validate(unsigned, challenger))).isEqualTo(RefusalReason.BAD_KIND);
    }

    @Test
    void shouldLetTheControllerSignPointersButNeverModels() {
        byte[] model = RegistryFixtures.smallModel("cats", 1);
        Activation promotion = new Activation("cats", 4, NOW, 3, "promote: cats@decision-4", null, false, "cats@decision-4", true);

        assertThat(validate(TRUSTING, ModelRecords.activation("t", promotion, CONTROLLER))).isEqualTo(promotion.withKeyId(CONTROLLER.keyId()));
        assertThat(refusal(validate(TRUSTING, ModelRecords.version("t", "cats", 1, model, NOW, CONTROLLER))))
                .isEqualTo(RefusalReason.SIGNATURE_INVALID);
        assertThat(validate(TRUSTING, ModelRecords.version("t", "cats", 1, model, NOW, TRAINER))).isInstanceOf(PublishedModel.class);
    }

    @Test
    void shouldCoverThePinAndTheAutomaticMarkOfAnActivationWithItsSignature() throws Exception {
        Activation pinned = new Activation("cats", 3, NOW, 2, "manual activation", null).withPinned(true);
        ProducerRecord<String, byte[]> signed = ModelRecords.activation("t", pinned, TRAINER);
        ObjectNode unpinned = (ObjectNode) JSON.readTree(signed.value());
        unpinned.remove("pinned");
        ProducerRecord<String, byte[]> plain = ModelRecords.activation("t", new Activation("cats", 3, NOW, 2, "manual activation", null), TRAINER);
        ObjectNode addedPin = (ObjectNode) JSON.readTree(plain.value());
        addedPin.put("pinned", true);

        assertThat(validate(TRUSTING, signed)).isEqualTo(pinned.withKeyId(TRAINER.keyId()));
        assertThat(refusal(validate(TRUSTING, withValue(signed, JSON.writeValueAsBytes(unpinned))))).isEqualTo(RefusalReason.SIGNATURE_INVALID);
        assertThat(refusal(validate(TRUSTING, withValue(plain, JSON.writeValueAsBytes(addedPin))))).isEqualTo(RefusalReason.SIGNATURE_INVALID);
        // a plain activation keeps the v1 canonical bytes of earlier releases
        assertThat(RecordSignature.verify(TRAINER_KEYS.getPublic(), RecordSignature.activationBytes("cats", 3, NOW.toString()),
                RegistryHeaders.text(plain.headers(), RegistryHeaders.SIGNATURE))).isTrue();
    }
}
