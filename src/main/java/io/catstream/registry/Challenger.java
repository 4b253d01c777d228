package io.catstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The challenger pointer {@code <name>@challenger}: the version on trial against the champion, or none. Its value:
 * {@code {"name":"catstream","version":4,"since":"2026-12-02T15:00:00Z","reason":"publish --as challenger",
 * "championVersion":3,"automatic":false}}; {@code version} null means "no challenger" (after a promotion or a
 * rejection), {@code championVersion} is the champion it is compared with (null if there was none).
 *
 * @param keyId id of the key that signed it, or null when unsigned
 */
public record Challenger(String name, Integer version, Instant since, String reason, Integer championVersion,
                         boolean automatic, String keyId) implements RegistryRecord {

    public Challenger {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(since, "since");
        if (version != null && version < 1) {
            throw new IllegalArgumentException("a challenger names a version >= 1 or none, got " + version);
        }
        reason = reason == null ? "" : reason;
    }

    public RegistryKey key() {
        return RegistryKey.challenger(name);
    }

    /** Whether this pointer names a version (false: the trial ended, no challenger). */
    public boolean present() {
        return version != null;
    }

    public Challenger withKeyId(String newKeyId) {
        return new Challenger(name, version, since, reason, championVersion, automatic, newKeyId);
    }

    public byte[] toJson() {
        ObjectNode node = RecordJson.object();
        node.put("name", name);
        RecordJson.putVersion(node, "version", version);
        node.put("since", since.toString());
        node.put("reason", reason);
        RecordJson.putVersion(node, "championVersion", championVersion);
        node.put("automatic", automatic);
        return RecordJson.bytes(node);
    }

    static Challenger parse(byte[] value, String keyId) {
        JsonNode node = RecordJson.parseObject(value, "name, version, since, reason, championVersion, automatic");
        return new Challenger(RecordJson.text(node, "name"), RecordJson.optionalVersion(node, "version"),
                RecordJson.instant(node, "since"), RecordJson.optionalText(node, "reason"),
                RecordJson.optionalVersion(node, "championVersion"), RecordJson.flag(node, "automatic"), keyId);
    }
}
