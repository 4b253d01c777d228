package io.catstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The activation pointer {@code <name>@active}: which version of a model scores now (the champion). Its value is a
 * small JSON object, {@code {"name":"catstream","version":3,"activatedAt":"2026-11-27T10:00:00Z","previousVersion":2,
 * "reason":"publish"}}; {@code previousVersion} is null for the first activation. Three optional fields, written
 * only when set: {@code "pinned":true} (a person fixed this version: no automatic change until the next manual
 * activation), {@code "decision":"<name>@decision-4"} (the decision record this activation carries out) and
 * {@code "automatic":true} (made by the promotion gate or the rollback watch, not by a person).
 *
 * @param keyId    id of the key that signed it, or null when unsigned
 * @param decision key of the decision record behind this activation, or null
 */
public record Activation(String name, int version, Instant activatedAt, Integer previousVersion, String reason,
                         String keyId, boolean pinned, String decision, boolean automatic) implements RegistryRecord {

    private static final String FIELDS = "name, version, activatedAt, previousVersion, reason";

    public Activation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(activatedAt, "activatedAt");
        if (version < 1) {
            throw new IllegalArgumentException("an activation names a version >= 1, got " + version);
        }
        reason = reason == null ? "" : reason;
    }

    /** A plain activation: not pinned, no decision behind it, made by a person. */
    public Activation(String name, int version, Instant activatedAt, Integer previousVersion, String reason, String keyId) {
        this(name, version, activatedAt, previousVersion, reason, keyId, false, null, false);
    }

    public RegistryKey key() {
        return RegistryKey.active(name);
    }

    public Activation withKeyId(String newKeyId) {
        return new Activation(name, version, activatedAt, previousVersion, reason, newKeyId, pinned, decision, automatic);
    }

    public Activation withPinned(boolean pin) {
        return new Activation(name, version, activatedAt, previousVersion, reason, keyId, pin, decision, automatic);
    }

    /**
     * Whether the signature must cover the whole value (canonical {@code catstream-activation-v2}): true when a
     * field beyond name, version and time is set, so that a pin, a decision or the automatic mark cannot be added
     * to or stripped from a signed pointer. Plain activations keep the v1 canonical bytes of earlier releases.
     */
    public boolean signsWholeValue() {
        return pinned || automatic || decision != null;
    }

    /** The record value: UTF-8 JSON; {@code activatedAt} as {@link Instant#toString()}. */
    public byte[] toJson() {
        ObjectNode node = RecordJson.object();
        node.put("name", name);
        node.put("version", version);
        node.put("activatedAt", activatedAt.toString());
        RecordJson.putVersion(node, "previousVersion", previousVersion);
        node.put("reason", reason);
        if (pinned) {
            node.put("pinned", true);
        }
        if (decision != null) {
            node.put("decision", decision);
        }
        if (automatic) {
            node.put("automatic", true);
        }
        return RecordJson.bytes(node);
    }

    /** The JSON value parsed, plus {@code activatedAt} exactly as written (the v1 signature covers that text). */
    record Parsed(Activation activation, String activatedAtText) {
    }

    /** Parses a value; {@link IllegalArgumentException} naming the problem for anything else. */
    static Parsed parse(byte[] value, String keyId) {
        JsonNode node = RecordJson.parseObject(value, FIELDS);
        String name = RecordJson.text(node, "name");
        int version = RecordJson.version(node, "version");
        Instant activatedAt = RecordJson.instant(node, "activatedAt");
        Integer previousVersion = RecordJson.optionalVersion(node, "previousVersion");
        JsonNode decision = node.get("decision");
        if (decision != null && !decision.isNull() && !decision.isTextual()) {
            throw new IllegalArgumentException("'decision' must be null or a decision record's key, got " + decision);
        }
        return new Parsed(new Activation(name, version, activatedAt, previousVersion, RecordJson.optionalText(node, "reason"),
                keyId, RecordJson.flag(node, "pinned"), decision == null || decision.isNull() ? null : decision.textValue(),
                RecordJson.flag(node, "automatic")), node.get("activatedAt").textValue());
    }
}
