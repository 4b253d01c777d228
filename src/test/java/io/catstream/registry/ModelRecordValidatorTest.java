package io.catstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.model.Sha256;
import io.catstream.registry.RegistryFixtures.BadModel;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelRecordValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final KeyPair KEYS = Ed25519Keys.generate();
    private static final RecordSigner SIGNER = RecordSigner.of(KEYS.getPrivate());
    private static final ModelRecordValidator VERIFYING = new ModelRecordValidator(KEYS.getPublic());
    private static final ModelRecordValidator UNSIGNED = ModelRecordValidator.unsigned();

    private final byte[] model = RegistryFixtures.smallModel("cats", 1);

    private static RegistryRecord validate(ModelRecordValidator validator, ProducerRecord<String, byte[]> r) {
        return validator.validate(r.key(), r.headers(), r.value(), 7);
    }

    private static RefusalReason refusal(RegistryRecord outcome) {
        assertThat(outcome).isInstanceOf(Refusal.class);
        return ((Refusal) outcome).reason();
    }

    @Test
    void shouldAcceptASignedModelRecordWithItsFacts() {
        RegistryRecord outcome = validate(VERIFYING, ModelRecords.version("t", "cats", 3, model, NOW, SIGNER));

        assertThat(outcome).isInstanceOf(PublishedModel.class);
        PublishedModel accepted = (PublishedModel) outcome;
        assertThat(accepted.key()).hasToString("cats@3");
        assertThat(accepted.publishedAt()).isEqualTo(NOW);
        assertThat(accepted.keyId()).isEqualTo(SIGNER.keyId());
        assertThat(accepted.sha256()).isEqualTo(Sha256.hex(model));
        assertThat(accepted.offset()).isEqualTo(7);
    }

    @Test
    void shouldAcceptUnsignedRecordsWhenNoVerifyKeyIsConfigured() {
        assertThat(validate(UNSIGNED, ModelRecords.version("t", "cats", 1, model, NOW, null))).isInstanceOf(PublishedModel.class);
    }

    @ParameterizedTest
    @EnumSource(BadModel.class)
    void shouldRefuseAnUnusableModelValueWithItsReason(BadModel bad) {
        // the record is otherwise perfect: headers match the (corrupt) value, signed
        ProducerRecord<String, byte[]> r = ModelRecords.version("t", "cats", 1, bad.apply(model), NOW, SIGNER);

        assertThat(refusal(validate(VERIFYING, r))).isEqualTo(bad.reason);
    }

    @Test
    void shouldRefuseAValueThatDoesNotHashToItsShaHeader() {
        ProducerRecord<String, byte[]> r = ModelRecords.version("t", "cats", 1, model, NOW, null);
        RegistryHeaders.put(r.headers(), RegistryHeaders.SHA256, "0".repeat(64));

        assertThat(refusal(validate(UNSIGNED, r))).isEqualTo(RefusalReason.CHECKSUM_MISMATCH);
    }

    @Test
    void shouldRefuseAKeyVersionThatDiffersFromTheHeaderVersion() {
        ProducerRecord<String, byte[]> r = ModelRecords.version("t", "cats", 1, model, NOW, null);
        RegistryHeaders.put(r.headers(), RegistryHeaders.VERSION, "2");

        assertThat(refusal(validate(UNSIGNED, r))).isEqualTo(RefusalReason.VERSION_MISMATCH);
    }

    @Test
    void shouldRefuseNameMismatchesBetweenKeyHeadersAndModel() {
        ProducerRecord<String, byte[]> headerName = ModelRecords.version("t", "cats", 1, model, NOW, null);
        RegistryHeaders.put(headerName.headers(), RegistryHeaders.NAME, "dogs");
        // key and headers say "dogs", the model file inside says "cats"
        ProducerRecord<String, byte[]> modelName = ModelRecords.version("t", "dogs", 1, model, NOW, null);

        assertThat(refusal(validate(UNSIGNED, headerName))).isEqualTo(RefusalReason.NAME_MISMATCH);
        assertThat(refusal(validate(UNSIGNED, modelName))).isEqualTo(RefusalReason.NAME_MISMATCH);
    }

    @Test
    void shouldRefuseUnsignedOrWronglySignedRecordsWhenAVerifyKeyIsConfigured() {
        RecordSigner stranger = RecordSigner.of(Ed25519Keys.generate().getPrivate());
        ProducerRecord<String, byte[]> altered = ModelRecords.version("t", "cats", 1, model, NOW, SIGNER);
        RegistryHeaders.put(altered.headers(), RegistryHeaders.VERSION, "2");
        ProducerRecord<String, byte[]> renumbered = ModelRecords.version("t", "cats", 2, model, NOW, null);
        renumbered.headers().add(altered.headers().lastHeader(RegistryHeaders.SIGNATURE)); // version-1 signature on version 2

        assertThat(refusal(validate(VERIFYING, ModelRecords.version("t", "cats", 1, model, NOW, null))))
                .isEqualTo(RefusalReason.SIGNATURE_MISSING);
        assertThat(refusal(validate(VERIFYING, ModelRecords.version("t", "cats", 1, model, NOW, stranger))))
                .isEqualTo(RefusalReason.SIGNATURE_INVALID);
        assertThat(refusal(validate(VERIFYING, renumbered))).isEqualTo(RefusalReason.SIGNATURE_INVALID);
    }

    @Test
    void shouldRefuseBadKeysKindsAndTombstones() {
        ProducerRecord<String, byte[]> r = ModelRecords.version("t", "cats", 1, model, NOW, null);
        Headers activationKind = ModelRecords.version("t", "cats", 1, model, NOW, null).headers();
        RegistryHeaders.put(activationKind, RegistryHeaders.KIND, RegistryHeaders.KIND_ACTIVATION);

        assertThat(refusal(UNSIGNED.validate("cats", r.headers(), model, 0))).isEqualTo(RefusalReason.BAD_KEY);
        assertThat(refusal(UNSIGNED.validate(null, r.headers(), model, 0))).isEqualTo(RefusalReason.BAD_KEY);
        assertThat(refusal(UNSIGNED.validate("cats@1", activationKind, model, 0))).isEqualTo(RefusalReason.BAD_KIND);
        assertThat(refusal(UNSIGNED.validate("cats@1", r.headers(), null, 0))).isEqualTo(RefusalReason.TOMBSTONE);
    }

    @Test
    void shouldAcceptASignedActivationAndRefuseATamperedOne() {
        Activation activation = new Activation("cats", 2, NOW, 1, "rollback", null);
        ProducerRecord<String, byte[]> signed = ModelRecords.activation("t", activation, SIGNER);
        ProducerRecord<String, byte[]> downgraded = new ProducerRecord<>("t", null, signed.key(),
                new Activation("cats", 1, NOW, 2, "evil", null).toJson(), signed.headers());
        RegistryHeaders.put(downgraded.headers(), RegistryHeaders.VERSION, "1");

        assertThat(validate(VERIFYING, signed)).isEqualTo(activation.withKeyId(SIGNER.keyId()));
        assertThat(refusal(validate(VERIFYING, downgraded))).isEqualTo(RefusalReason.SIGNATURE_INVALID);
    }

    @Test
    void shouldRefuseActivationsThatAreNotTheDocumentedJsonOrDoNotMatchTheKey() {
        ProducerRecord<String, byte[]> good = ModelRecords.activation("t", new Activation("cats", 2, NOW, null, "", null), null);

        assertThat(refusal(UNSIGNED.validate("cats@active", good.headers(), "not json".getBytes(StandardCharsets.UTF_8), 0)))
                .isEqualTo(RefusalReason.BAD_ACTIVATION);
        assertThat(refusal(UNSIGNED.validate("cats@active", good.headers(),
                "{\"name\":\"cats\",\"version\":0,\"activatedAt\":\"2026-11-27T10:00:00Z\"}".getBytes(StandardCharsets.UTF_8), 0)))
                .isEqualTo(RefusalReason.BAD_ACTIVATION);
        assertThat(refusal(UNSIGNED.validate("dogs@active", good.headers(), good.value(), 0))).isEqualTo(RefusalReason.NAME_MISMATCH);
    }
}
