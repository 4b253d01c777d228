package io.catstream.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key of a record on the model topic: {@code <name>@<version>} for a version record (e.g. {@code catstream@3};
 * distinct keys, so compaction keeps every version) or {@code <name>@active} for the activation pointer (one key
 * per name, so compaction keeps the latest). Model names cannot contain {@code @}.
 *
 * @param version the version, or 0 for the activation pointer
 */
public record RegistryKey(String name, int version) {

    public static final String ACTIVE = "active";
    private static final Pattern KEY = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,127})@(active|[1-9][0-9]{0,9})");

    public RegistryKey {
        if (version < 0) {
            throw new IllegalArgumentException("version must be positive (or 0 for the activation pointer), got " + version);
        }
    }

    public static RegistryKey version(String name, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1, got " + version);
        }
        return new RegistryKey(name, version);
    }

    public static RegistryKey active(String name) {
        return new RegistryKey(name, 0);
    }

    /** The key, or null when {@code text} is not {@code <name>@<version>} or {@code <name>@active}. */
    public static RegistryKey parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = KEY.matcher(text);
        if (!m.matches()) {
            return null;
        }
        if (m.group(2).equals(ACTIVE)) {
            return active(m.group(1));
        }
        long v = Long.parseLong(m.group(2));
        return v > Integer.MAX_VALUE ? null : version(m.group(1), (int) v);
    }

    public boolean isActivation() {
        return version == 0;
    }

    @Override
    public String toString() {
        return name + "@" + (isActivation() ? ACTIVE : Integer.toString(version));
    }
}
