package io.catstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The activation pointer {@code <name>@active}: which version of a model scores now. Its value is a small
 * JSON object, {@code {"name":"catstream","version":3,"activatedAt":"2026-11-27T10:00:00Z","previousVersion":2,
 * "reason":"publish"}}; {@code previousVersion} is null for the first activation.
 *
 * @param keyId id of the key that signed it, or null when unsigned
 */
public record Activation(String name, int version, Instant activatedAt, Integer previousVersion, String reason,
                         String keyId) implements RegistryRecord {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Activation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(activatedAt, "activatedAt");
        if (version < 1) {
            throw new IllegalArgumentException("an activation names a version >= 1, got " + version);
        }
        reason = reason == null ? "" : reason;
    }

    public RegistryKey key() {
        return RegistryKey.active(name);
    }

    public Activation withKeyId(String newKeyId) {
        return new Activation(name, version, activatedAt, previousVersion, reason, newKeyId);
    }

    /** The record value: UTF-8 JSON; {@code activatedAt} as {@link Instant#toString()}. */
    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", name);
        node.put("version", version);
        node.put("activatedAt", activatedAt.toString());
        if (previousVersion == null) {
            node.putNull("previousVersion");
        } else {
            node.put("previousVersion", previousVersion);
        }
        node.put("reason", reason);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON value parsed, plus {@code activatedAt} exactly as written (the signature covers that text). */
    record Parsed(Activation activation, String activatedAtText) {
    }

    /** Parses a value; {@link IllegalArgumentException} naming the problem for anything else. */
    static Parsed parse(byte[] value, String keyId) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object {name, version, activatedAt, previousVersion, reason}");
        }
        JsonNode name = node.get("name");
        JsonNode version = node.get("version");
        JsonNode at = node.get("activatedAt");
        JsonNode previous = node.get("previousVersion");
        if (name == null || !name.isTextual()) {
            throw new IllegalArgumentException("'name' must be a string");
        }
        if (version == null || !version.canConvertToInt() || !version.isIntegralNumber() || version.intValue() < 1) {
            throw new IllegalArgumentException("'version' must be an integer >= 1, got " + version);
        }
        if (at == null || !at.isTextual()) {
            throw new IllegalArgumentException("'activatedAt' must be an ISO-8601 instant string");
        }
        Integer previousVersion = previous == null || previous.isNull() ? null
                : previous.canConvertToInt() && previous.isIntegralNumber() ? previous.intValue() : -1;
        if (previousVersion != null && previousVersion < 1) {
            throw new IllegalArgumentException("'previousVersion' must be null or an integer >= 1, got " + previous);
        }
        Instant activatedAt;
        try {
            activatedAt = Instant.parse(at.textValue());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'activatedAt' is not an ISO-8601 instant: " + at.textValue(), e);
        }
        JsonNode reason = node.get("reason");
        return new Parsed(new Activation(name.textValue(), version.intValue(), activatedAt, previousVersion,
                reason == null || reason.isNull() ? "" : reason.asText(), keyId), at.textValue());
    }
}
