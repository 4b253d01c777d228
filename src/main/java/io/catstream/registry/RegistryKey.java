package io.catstream.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key of a record on the model topic (docs/model-registry.md). Model names cannot contain {@code @}.
 * <ul>
 *   <li>{@code <name>@<version>}: a version record (e.g. {@code catstream@3}; distinct keys, so compaction keeps every version)</li>
 *   <li>{@code <name>@active}: the activation pointer, i.e. the champion (one key per name: compaction keeps the latest)</li>
 *   <li>{@code <name>@challenger}: the challenger pointer (one per name)</li>
 *   <li>{@code <name>@decision-<version>}: the promote/reject decision on challenger {@code version}, and
 *       {@code <name>@decision-<version>-rollback}: the rollback of {@code version} after its promotion (distinct
 *       per challenger, so compaction keeps the history)</li>
 * </ul>
 *
 * @param version the version for {@link Role#VERSION}, the challenger's version for {@link Role#DECISION},
 *                the version of {@link Role#ROLLBACK} and {@link Role#WATCH_ENDED}, 0 for the pointers
 */
public record RegistryKey(String name, Role role, int version) {

    /** What a key names. */
    public enum Role {
        VERSION, ACTIVE, CHALLENGER, DECISION, ROLLBACK, WATCH_ENDED;

        /** The {@code catstream.kind} header a record under such a key carries. */
        public String kind() {
            return switch (this) {
                case VERSION -> RegistryHeaders.KIND_MODEL;
                case ACTIVE -> RegistryHeaders.KIND_ACTIVATION;
                case CHALLENGER -> RegistryHeaders.KIND_CHALLENGER;
                case DECISION, ROLLBACK, WATCH_ENDED -> RegistryHeaders.KIND_DECISION;
            };
        }
    }

    public static final String ACTIVE = "active";
    public static final String CHALLENGER = "challenger";
    private static final String NUMBER = "[1-9][0-9]{0,9}";
    private static final Pattern KEY = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,127})@(active|challenger|"
            + NUMBER + "|decision-(" + NUMBER + ")(-rollback|-watch-ended)?)");

    public RegistryKey {
        boolean pointer = role == Role.ACTIVE || role == Role.CHALLENGER;
        if (pointer ? version != 0 : version < 1) {
            throw new IllegalArgumentException("a " + role + " key has " + (pointer ? "no version" : "a version >= 1")
                    + ", got " + version);
        }
    }

    public static RegistryKey version(String name, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1, got " + version);
        }
        return new RegistryKey(name, Role.VERSION, version);
    }

    public static RegistryKey active(String name) {
        return new RegistryKey(name, Role.ACTIVE, 0);
    }

    public static RegistryKey challenger(String name) {
        return new RegistryKey(name, Role.CHALLENGER, 0);
    }

    /** The key of a decision on {@code challengerVersion}: its promotion or rejection, or its later rollback. */
    public static RegistryKey decision(String name, int challengerVersion, boolean rollback) {
        return new RegistryKey(name, rollback ? Role.ROLLBACK : Role.DECISION, challengerVersion);
    }

    /** The key of the record that the rollback watch of champion {@code version} ended. */
    public static RegistryKey watchEnded(String name, int version) {
        return new RegistryKey(name, Role.WATCH_ENDED, version);
    }

    /** The key, or null when {@code text} is none of the documented forms. */
    public static RegistryKey parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = KEY.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String name = m.group(1);
        String what = m.group(2);
        if (what.equals(ACTIVE)) {
            return active(name);
        }
        if (what.equals(CHALLENGER)) {
            return challenger(name);
        }
        long v = Long.parseLong(m.group(3) != null ? m.group(3) : what);
        if (v > Integer.MAX_VALUE) {
            return null;
        }
        if (m.group(3) == null) {
            return version(name, (int) v);
        }
        return "-watch-ended".equals(m.group(4)) ? watchEnded(name, (int) v) : decision(name, (int) v, m.group(4) != null);
    }

    public boolean isActivation() {
        return role == Role.ACTIVE;
    }

    public boolean isVersion() {
        return role == Role.VERSION;
    }

    @Override
    public String toString() {
        return name + "@" + switch (role) {
            case VERSION -> Integer.toString(version);
            case ACTIVE -> ACTIVE;
            case CHALLENGER -> CHALLENGER;
            case DECISION -> "decision-" + version;
            case ROLLBACK -> "decision-" + version + "-rollback";
            case WATCH_ENDED -> "decision-" + version + "-watch-ended";
        };
    }
}
