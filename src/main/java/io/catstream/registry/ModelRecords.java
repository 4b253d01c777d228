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
        Headers headers = headers(RegistryHeaders.KIND_MODEL, name, version);
        RegistryHeaders.put(headers, RegistryHeaders.SHA256, sha256);
        RegistryHeaders.put(headers, RegistryHeaders.PUBLISHED_AT, publishedAt.toString());
        if (signer != null) {
            sign(headers, signer, RecordSignature.modelBytes(name, version, sha256));
        }
        return new ProducerRecord<>(topic, null, RegistryKey.version(name, version).toString(), modelBytes, headers);
    }

    /** An activation pointer: key {@code name@active}, value the activation's JSON; signed when a signer is given. */
    public static ProducerRecord<String, byte[]> activation(String topic, Activation activation, RecordSigner signer) {
        Headers headers = headers(RegistryHeaders.KIND_ACTIVATION, activation.name(), activation.version());
        byte[] value = activation.toJson();
        if (signer != null) {
            sign(headers, signer, activation.signsWholeValue()
                    ? RecordSignature.activationV2Bytes(activation.name(), activation.version(), value)
                    : RecordSignature.activationBytes(activation.name(), activation.version(), activation.activatedAt().toString()));
        }
        return new ProducerRecord<>(topic, null, activation.key().toString(), value, headers);
    }

    /**
     * The challenger pointer: key {@code name@challenger}, kind {@code challenger}, header {@code catstream.version}
     * only when it names a version; the signature covers the whole value.
     */
    public static ProducerRecord<String, byte[]> challenger(String topic, Challenger challenger, RecordSigner signer) {
        Headers headers = headers(RegistryHeaders.KIND_CHALLENGER, challenger.name(), challenger.version());
        byte[] value = challenger.toJson();
        if (signer != null) {
            sign(headers, signer, RecordSignature.challengerBytes(challenger.name(), value));
        }
        return new ProducerRecord<>(topic, null, challenger.key().toString(), value, headers);
    }

    /** A decision: key {@code name@decision-<challenger>[-rollback|-watch-ended]}, kind {@code decision}; the signature covers the whole value. */
    public static ProducerRecord<String, byte[]> decision(String topic, GateDecision decision, RecordSigner signer) {
        Headers headers = headers(RegistryHeaders.KIND_DECISION, decision.name(), decision.challengerVersion());
        byte[] value = decision.toJson();
        if (signer != null) {
            sign(headers, signer, RecordSignature.decisionBytes(decision.key(), value));
        }
        return new ProducerRecord<>(topic, null, decision.key().toString(), value, headers);
    }

    /** Kind, name and (unless null) version headers, which every record carries. */
    private static Headers headers(String kind, String name, Integer version) {
        Headers headers = new RecordHeaders();
        RegistryHeaders.put(headers, RegistryHeaders.KIND, kind);
        RegistryHeaders.put(headers, RegistryHeaders.NAME, name);
        if (version != null) {
            RegistryHeaders.put(headers, RegistryHeaders.VERSION, Integer.toString(version));
        }
        return headers;
    }

    private static void sign(Headers headers, RecordSigner signer, byte[] canonical) {
        RegistryHeaders.put(headers, RegistryHeaders.SIGNATURE, signer.sign(canonical));
        RegistryHeaders.put(headers, RegistryHeaders.KEY_ID, signer.keyId());
    }
}
