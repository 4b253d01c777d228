package io.catstream.stream;

/**
 * The rollback watch's state for one model name (store {@code gate-state}, key {@code <name>@watch}): the champion
 * promoted over {@code previousVersion}, the accuracy that one had on the trial's labelled images ({@code reference}),
 * and the new champion's right and wrong outcomes since.
 *
 * @param state WATCHING, HOLDS, ROLL_BACK (written), PINNED, or NONE (this champion has no trial to compare with)
 */
public record GateWatch(int version, int previousVersion, double reference, long right, long wrong, String state) {

    public static final String WATCHING = "WATCHING";
    public static final String NONE = "NONE";

    public static String key(String name) {
        return name + "@watch";
    }

    /**
     * Store key under which the gate remembers that it wrote the watch-ended record of {@code version}; the value is
     * the activation time of the champion it ended, so a later activation of the same version gets its own.
     */
    public static String endedKey(String name, int version) {
        return name + "@watch-ended-" + version;
    }

    public GateWatch plus(boolean correct) {
        return new GateWatch(version, previousVersion, reference, right + (correct ? 1 : 0), wrong + (correct ? 0 : 1), state);
    }

    public GateWatch in(String newState) {
        return new GateWatch(version, previousVersion, reference, right, wrong, newState);
    }

    public boolean watching() {
        return WATCHING.equals(state);
    }
}
