package io.catstream.registry;

import java.util.Objects;

/**
 * A record that must not be used, with a stable reason and a message naming the problem.
 *
 * @param key the record key as received (may be null or anything)
 */
public record Refusal(String key, RefusalReason reason, String message) implements RegistryRecord {

    public Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String name() {
        RegistryKey parsed = RegistryKey.parse(key);
        return parsed == null ? null : parsed.name();
    }

    @Override
    public String toString() {
        return "refused " + key + ": " + reason.code() + ": " + message;
    }
}
