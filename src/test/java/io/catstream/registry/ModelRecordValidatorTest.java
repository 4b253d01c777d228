package io.catstream.registry;

import io.catstream.kafka.RecordLimits;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.model.InvalidModelException;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.Sha256;
import io.catstream.model.TestModels;
import io.catstream.registry.RegistryFixtures.BadModel;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
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

    @Test
    void shouldAcceptSignedConvolutionalAndStandardisedModels() {
        ModelArtifact conv = TestModels.randomLayered(TestModels.CONV, 3).withName("cats");
        ModelArtifact standardised = TestModels.standardised(TestModels.random(TestModels.SMALL, 4).withName("cats"),
                TestModels.randomStandardisation(4, false, 5));

        for (ModelArtifact artifact : new ModelArtifact[] {conv, standardised}) {
            RegistryRecord outcome = validate(VERIFYING, ModelRecords.version("t", "cats", 2, ModelCodec.encode(artifact), NOW, SIGNER));

            assertThat(outcome).isInstanceOf(PublishedModel.class);
            assertThat(((PublishedModel) outcome).artifact()).isEqualTo(artifact);
        }
    }

    @Test
    void shouldRefuseUnusableVersion2ModelsWithTheirReasons() {
        byte[] conv = ModelCodec.encode(TestModels.randomLayered(TestModels.CONV, 3).withName("cats"));
        byte[] standardised = ModelCodec.encode(TestModels.standardised(TestModels.random(TestModels.SMALL, 4).withName("cats"),
                TestModels.randomStandardisation(4, true, 5)));
        byte[] zeroStd = TestModels.withHeader(standardised, h -> ((ObjectNode) h.get("input")).putArray("std").add(0.2).add(0.0).add(0.2));
        byte[] poolAfterDense = TestModels.withHeader(conv, h -> ((ObjectNode) h.get("architecture")).putArray("layers")
                .add("conv4").add("dense3").add("pool").add("dense1"));
        byte[] hugeConv = TestModels.withHeader(conv, h -> ((ObjectNode) h.get("architecture")).putArray("layers")
                .add("conv1000000").add("dense1"));
        byte[] otherImage = TestModels.withHeader(conv, h -> ((ObjectNode) h.get("input")).put("imageSize", 4));

        assertThat(refusal(validate(VERIFYING, ModelRecords.version("t", "cats", 1, zeroStd, NOW, SIGNER))))
                .isEqualTo(RefusalReason.BAD_STANDARDISATION);
        assertThat(refusal(validate(VERIFYING, ModelRecords.version("t", "cats", 1, poolAfterDense, NOW, SIGNER))))
                .isEqualTo(RefusalReason.BAD_ARCHITECTURE);
        assertThat(refusal(validate(VERIFYING, ModelRecords.version("t", "cats", 1, hugeConv, NOW, SIGNER))))
                .isEqualTo(RefusalReason.NETWORK_TOO_LARGE);
        assertThat(refusal(validate(VERIFYING, ModelRecords.version("t", "cats", 1, otherImage, NOW, SIGNER))))
                .isEqualTo(RefusalReason.CONTRACT_MISMATCH);
    }

    @Test
    void shouldRefuseAValueLargerThanTheTopicsRecordLimitAsTooLargeBeforeHashingIt() {
        byte[] huge = Arrays.copyOf(model, RecordLimits.builtIn().modelRecordBytes() + 1);
        ProducerRecord<String, byte[]> r = ModelRecords.version("t", "cats", 1, model, NOW, null);

        assertThat(refusal(UNSIGNED.validate(r.key(), r.headers(), huge, 0))).isEqualTo(RefusalReason.TOO_LARGE);
    }

    @Test
    void shouldMapEveryModelFileReasonToARefusalReasonWithTheSameCode() {
        for (InvalidModelException.Reason reason : InvalidModelException.Reason.values()) {
            assertThat(RefusalReason.of(reason).code()).isEqualTo(reason.code());
        }
    }
}
