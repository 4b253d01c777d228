package io.catstream.registry;

import static io.catstream.testsupport.RecordSchemas.ACTIVATION_VALUE;
import static io.catstream.testsupport.RecordSchemas.CHALLENGER_VALUE;
import static io.catstream.testsupport.RecordSchemas.DECISION_VALUE;
import static io.catstream.testsupport.RecordSchemas.MODEL_WEIGHTS_HEADERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.testsupport.RecordSchemas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

/**
 * The record contract of the registry's role records (docs/model-registry.md, "Champion, challenger and decisions")
 * against {@code topics/schemas/}: challenger pointers, decision records with and without evidence, and the
 * activations that carry a decision out (pinned, automatic), built by {@link ModelRecords} from the values
 * {@link ModelRoles} composes, signed and unsigned; and a record that breaks the contract must not be valid.
 */
class RoleRecordSchemasTest {

    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");
    private static final String TOPIC = "model-weights";
    private static final RecordSigner SIGNER = RecordSigner.of(Ed25519Keys.generate().getPrivate());
    private static final Map<String, String> VALUE_SCHEMA = Map.of(RegistryHeaders.KIND_ACTIVATION, ACTIVATION_VALUE,
            RegistryHeaders.KIND_CHALLENGER, CHALLENGER_VALUE, RegistryHeaders.KIND_DECISION, DECISION_VALUE);

    private static final GateDecision GATE_PROMOTION = RegistryFixtures.gatePromotion("cats", NOW);
    private static final GateDecision MANUAL_REJECT = new GateDecision("cats", 3, 5, GateDecision.Outcome.REJECT, "manual",
            null, NOW, false, null);
    private static final GateDecision MANUAL_ROLLBACK = new GateDecision("cats", 3, 4, GateDecision.Outcome.ROLLBACK,
            "worse on night photos", null, NOW, false, null);

    private static final GateDecision WATCH_ENDED = new GateDecision("cats", 3, 4, GateDecision.Outcome.WATCH_ENDED,
            "holds: accuracy 0.950 on 40 labelled images", null, NOW, true, null);

    /**
     * Every role record, as ModelRoles writes them for a challenge, a gate promotion, a rejection and a pinned rollback,
     * and the gate's watch-ended record.
     */
    private static List<ProducerRecord<String, byte[]>> roleRecords(RecordSigner signer) {
        String keyId = signer == null ? null : signer.keyId();
        String promotion = GATE_PROMOTION.key().toString();
        String rollback = MANUAL_ROLLBACK.key().toString();
        return List.of(
                ModelRecords.challenger(TOPIC, new Challenger("cats", 4, NOW, "publish --as challenger", 3, false, keyId), signer),
                ModelRecords.decision(TOPIC, GATE_PROMOTION, signer),
                ModelRecords.activation(TOPIC, new Activation("cats", 4, NOW, 3, "promote: " + promotion, keyId, false,
                        promotion, true), signer),
                ModelRecords.challenger(TOPIC, new Challenger("cats", null, NOW, "promoted to champion (" + promotion + ")", 4,
                        true, keyId), signer),
                ModelRecords.decision(TOPIC, MANUAL_REJECT, signer),
                ModelRecords.challenger(TOPIC, new Challenger("cats", null, NOW, "rejected (cats@decision-5)", 3, false, keyId),
                        signer),
                ModelRecords.decision(TOPIC, MANUAL_ROLLBACK, signer),
                ModelRecords.activation(TOPIC, new Activation("cats", 3, NOW, 4, "rollback: " + rollback, keyId, true,
                        rollback, false), signer),
                ModelRecords.decision(TOPIC, WATCH_ENDED, signer));
    }

    @Test
    void shouldWriteRoleRecordsThatMatchTheirSchemasSignedOrNot() {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(roleRecords(null));
        records.addAll(roleRecords(SIGNER));

        assertThat(records).hasSize(18);
        for (ProducerRecord<String, byte[]> r : records) {
            RecordSchemas.assertValid(MODEL_WEIGHTS_HEADERS, r.headers());
            String kind = RegistryHeaders.text(r.headers(), RegistryHeaders.KIND);
            RecordSchemas.assertValid(VALUE_SCHEMA.get(kind), r.value());
        }
        assertThat(records).filteredOn(r -> r.headers().lastHeader(RegistryHeaders.SIGNATURE) != null).hasSize(9);
    }

    @Test
    void shouldWriteAGuardrailRejectionThatMatchesItsSchemaAndRefuseOneThatBreaksIt() {
        byte[] rejection = RegistryFixtures.guardrailRejection("cats", NOW).toJson();

        RecordSchemas.assertValid(DECISION_VALUE, rejection);
        RecordSchemas.assertValid(DECISION_VALUE, ModelRecords.decision(TOPIC, RegistryFixtures.guardrailRejection("cats", NOW),
                SIGNER).value());
        RecordSchemas.assertInvalidAfter(DECISION_VALUE, rejection, n -> evidence(n).with("guardrail").put("name", "memory"));
        RecordSchemas.assertInvalidAfter(DECISION_VALUE, rejection, n -> evidence(n).with("guardrail").remove("limit"));
        RecordSchemas.assertInvalidAfter(DECISION_VALUE, rejection, n -> evidence(n).with("guardrail").put("observed", "3.5x"));
        RecordSchemas.assertInvalidAfter(DECISION_VALUE, rejection, n -> evidence(n).with("guardrail").put("psiBuckets", 10));
    }

    @Test
    void shouldRefuseAChallengerPointerThatBreaksTheContract() {
        byte[] real = new Challenger("cats", 4, NOW, "publish --as challenger", 3, false, null).toJson();

        RecordSchemas.assertInvalidAfter(CHALLENGER_VALUE, real, n -> n.put("version", 0));
        RecordSchemas.assertInvalidAfter(CHALLENGER_VALUE, real, n -> n.put("championVersion", "3"));
        RecordSchemas.assertInvalidAfter(CHALLENGER_VALUE, real, n -> n.put("since", "15:00"));
        RecordSchemas.assertInvalidAfter(CHALLENGER_VALUE, real, n -> n.remove("automatic"));
        RecordSchemas.assertInvalidAfter(CHALLENGER_VALUE, real, n -> n.put("pinned", true));
    }

    @Test
    void shouldRefuseADecisionThatBreaksTheContract() {
        byte[] gate = GATE_PROMOTION.toJson();
        byte[] manual = MANUAL_REJECT.toJson();

        RecordSchemas.assertInvalidAfter(DECISION_VALUE, gate, n -> n.put("decision", "approve"));
        RecordSchemas.assertInvalidAfter(DECISION_VALUE, gate, n -> evidence(n).with("counts").put("championOnly", -1));
        RecordSchemas.assertInvalidAfter(DECISION_VALUE, gate, n -> evidence(n).with("settings").put("alpha", 0.6));
        RecordSchemas.assertInvalidAfter(DECISION_VALUE, gate, n -> evidence(n).with("settings").put("maxDuration", "168h"));
        RecordSchemas.assertInvalidAfter(DECISION_VALUE, gate, n -> evidence(n).remove("statistic"));
        RecordSchemas.assertInvalidAfter(DECISION_VALUE, manual, n -> n.remove("evidence"));
        RecordSchemas.assertInvalidAfter(DECISION_VALUE, manual, n -> n.put("challengerVersion", 0));
        RecordSchemas.assertInvalidAfter(DECISION_VALUE, manual, n -> n.put("decidedAt", "2026-12-02"));
    }

    @Test
    void shouldRefuseAnActivationWhoseRoleFieldsBreakTheContract() {
        byte[] real = new Activation("cats", 3, NOW, 4, "rollback", null, true, "cats@decision-4-rollback", false).toJson();

        RecordSchemas.assertInvalidAfter(ACTIVATION_VALUE, real, n -> n.put("pinned", "yes"));
        RecordSchemas.assertInvalidAfter(ACTIVATION_VALUE, real, n -> n.put("decision", "cats@active"));
        RecordSchemas.assertInvalidAfter(ACTIVATION_VALUE, real, n -> n.put("automatic", 1));
        RecordSchemas.assertInvalidAfter(ACTIVATION_VALUE, real, n -> n.put("championVersion", 3));
    }

    @Test
    void shouldRefuseRoleRecordHeadersThatBreakTheContract() {
        List<ProducerRecord<String, byte[]>> signed = roleRecords(SIGNER);
        Headers challenger = signed.get(0).headers();
        Headers decision = signed.get(1).headers();
        RecordSchemas.assertValid(MODEL_WEIGHTS_HEADERS, challenger);
        RecordSchemas.assertValid(MODEL_WEIGHTS_HEADERS, decision);

        assertThat(RecordSchemas.errors(MODEL_WEIGHTS_HEADERS, RecordSchemas.withoutHeader(decision, RegistryHeaders.VERSION)))
                .as("a decision names its challenger's version").isNotEmpty();
        assertThat(RecordSchemas.errors(MODEL_WEIGHTS_HEADERS, RecordSchemas.withoutHeader(challenger, RegistryHeaders.KEY_ID)))
                .as("a signature without its key id").isNotEmpty();
        assertThat(RecordSchemas.errors(MODEL_WEIGHTS_HEADERS,
                RecordSchemas.withHeader(challenger, RegistryHeaders.SHA256, "0".repeat(64)))).as(
                "a pointer carries no model bytes to hash").isNotEmpty();
        assertThat(RecordSchemas.errors(MODEL_WEIGHTS_HEADERS, RecordSchemas.withHeader(decision, RegistryHeaders.KIND, "verdict")))
                .isNotEmpty();
    }

    private static ObjectNode evidence(ObjectNode decision) {
        return decision.with("evidence");
    }
}
