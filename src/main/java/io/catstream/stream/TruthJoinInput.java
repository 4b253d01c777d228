package io.catstream.stream;

/**
 * What the truth join reads, predictions and truth merged into one stream (both keyed by image id, from
 * co-partitioned topics, so one task sees both sides of an image): a {@link Prediction}, a {@link Arrival} of truth,
 * or a {@link Malformed} truth record on its way to {@code truth-dlq}.
 */
sealed interface TruthJoinInput {

    /** A label from the scorer; its {@code label} header truth, if any, follows it into the join as truth. */
    record Prediction(Label label) implements TruthJoinInput {
    }

    /** A truth record of {@code image-truth}, read. */
    record Arrival(Truth truth) implements TruthJoinInput {
    }

    /** A truth record that could not be read, with its original bytes. */
    record Malformed(DeadLetter deadLetter) implements TruthJoinInput {
    }
}
