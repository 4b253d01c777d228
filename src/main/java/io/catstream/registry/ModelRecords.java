package io.catstream.registry;

import io.catstream.model.Sha256;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds the records of the model topic, exactly as documented in docs/model-registry.md. */
public final class ModelRecords {

    private ModelRecords() {
    }

    /** A version record: key {@code name@version}, value the model file bytes unchanged; signed when a signer is given. */
    public static ProducerRecord<String, byte[]> version(String topic, String name, int version, byte[] modelBytes,
                                                         Instant publishedAt, RecordSigner signer) {
        String sha256 = Sha256.hex(modelBytes);
        Headers headers = new RecordHeaders();
        RegistryHeaders.put(headers, RegistryHeaders.KIND, RegistryHeaders.KIND_MODEL);
        RegistryHeaders.put(headers, RegistryHeaders.NAME, name);
        RegistryHeaders.put(headers, RegistryHeaders.VERSION, Integer.toString(version));
        RegistryHeaders.put(headers, RegistryHeaders.SHA256, sha256);
        RegistryHeaders.put(headers, RegistryHeaders.PUBLISHED_AT, publishedAt.toString());
        if (signer != null) {
            RegistryHeaders.put(headers, RegistryHeaders.SIGNATURE, signer.sign(RecordSignature.modelBytes(name, version, sha256)));
            RegistryHeaders.put(headers, RegistryHeaders.KEY_ID, signer.keyId());
        }
        return new ProducerRecord<>(topic, null, RegistryKey.version(name, version).toString(), modelBytes, headers);
    }

    /** An activation pointer: key {@code name@active}, value the activation's JSON; signed when a signer is given. */
    public static ProducerRecord<String, byte[]> activation(String topic, Activation activation, RecordSigner signer) {
        Headers headers = new RecordHeaders();
        RegistryHeaders.put(headers, RegistryHeaders.KIND, RegistryHeaders.KIND_ACTIVATION);
        RegistryHeaders.put(headers, RegistryHeaders.NAME, activation.name());
        RegistryHeaders.put(headers, RegistryHeaders.VERSION, Integer.toString(activation.version()));
        if (signer != null) {
            RegistryHeaders.put(headers, RegistryHeaders.SIGNATURE, signer.sign(RecordSignature.activationBytes(
                    activation.name(), activation.version(), activation.activatedAt().toString())));
            RegistryHeaders.put(headers, RegistryHeaders.KEY_ID, signer.keyId());
        }
        return new ProducerRecord<>(topic, null, activation.key().toString(), activation.toJson(), headers);
    }
}
