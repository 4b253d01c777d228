package io.catstream.registry;

import io.catstream.model.ModelArtifact;
import java.time.Instant;

/**
 * A model version accepted from the topic.
 *
 * @param sha256      SHA-256 of the record value (the model file bytes)
 * @param sizeBytes   size of the record value
 * @param keyId       id of the key that signed it, or null when unsigned
 * @param offset      offset of the record on the topic (-1 when not read from Kafka)
 */
public record PublishedModel(String name, int version, ModelArtifact artifact, Instant publishedAt, String sha256,
                             int sizeBytes, String keyId, long offset) implements RegistryRecord {

    public RegistryKey key() {
        return RegistryKey.version(name, version);
    }

    public boolean signed() {
        return keyId != null;
    }

    @Override
    public String toString() {
        return "PublishedModel[" + key() + ", " + artifact.describeNetwork() + ", sha256 " + sha256.substring(0, 12)
                + ", published " + publishedAt + (signed() ? ", signed by " + keyId : ", unsigned") + "]";
    }
}
