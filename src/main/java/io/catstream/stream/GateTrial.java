package io.catstream.stream;

import io.catstream.gate.PairedCounts;

/**
 * The gate task's state for one trial, a (champion, challenger) pair of a model name: the paired outcomes, when the
 * first and last of them arrived, the guardrails' tally and, once decided, the outcome (so nothing is decided twice,
 * even before the decision comes back through the global registry). Kept in the store {@code gate-state} under
 * {@code <name>@<champion>-<challenger>}.
 *
 * @param firstMillis time of the first pair or shadow score (the evidence's window start), 0 before any
 * @param ended       null while the trial runs; else what ended it: an outcome code, {@code pinned} or {@code superseded}
 */
public record GateTrial(PairedCounts counts, long firstMillis, long lastMillis, Guardrails.Tally tally, String ended) {

    public static GateTrial start() {
        return new GateTrial(PairedCounts.NONE, 0, 0, Guardrails.Tally.empty(), null);
    }

    public static String key(String name, int champion, int challenger) {
        return name + "@" + champion + "-" + challenger;
    }

    public GateTrial withPair(boolean championCorrect, boolean challengerCorrect, long atMillis) {
        return new GateTrial(counts.add(championCorrect, challengerCorrect), first(atMillis), Math.max(lastMillis, atMillis),
                tally, ended);
    }

    public GateTrial withShadow(ShadowScore score) {
        long at = score.scoredAt().toEpochMilli();
        return new GateTrial(counts, first(at), Math.max(lastMillis, at), tally.plus(score), ended);
    }

    public GateTrial endedBy(String what) {
        return new GateTrial(counts, firstMillis, lastMillis, tally, what);
    }

    public boolean running() {
        return ended == null;
    }

    private long first(long at) {
        return firstMillis == 0 ? at : Math.min(firstMillis, at);
    }
}
