package io.catstream.stream;

/** What one image record became: exactly one {@link Label} or one {@link DeadLetter}. */
public sealed interface ScoreOutcome permits Label, DeadLetter {
}
