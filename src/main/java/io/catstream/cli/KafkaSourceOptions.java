package io.catstream.cli;

import io.catstream.dataset.DatasetRange;
import io.catstream.dataset.KafkaDataset;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which images {@code train --from-kafka} and {@code backtest} read: the range of {@code images} ({@code --since}/{@code --until} or
 * {@code --offsets}), on the cluster and topics of {@link KafkaDatasetSource}.
 */
final class KafkaSourceOptions {

    @Option(names = "--since", paramLabel = "TIME|AGO",
            description = "Images sent at or after TIME (ISO-8601, 2026-12-02T10:00:00Z) or AGO before now (1h, 30m); train: with --from-kafka.")
    String since;

    @Option(names = "--until", paramLabel = "TIME|AGO",
            description = "Images sent before TIME or AGO before now (default: up to the end of the topic now); train: with --from-kafka.")
    String until;

    @Option(names = "--offsets", paramLabel = "images:P:FROM-TO[,...]",
            description = "Exactly these offsets [from, to) of images, instead of --since/--until; train: with --from-kafka.")
    String offsets;

    @Mixin
    KafkaDatasetSource source;

    /** Whether any range option was given (they mean nothing without {@code --from-kafka}). */
    boolean anyRange() {
        return since != null || until != null || offsets != null;
    }

    DatasetRange range(Clock clock) {
        String images = source.imagesTopic();
        try {
            if (offsets != null) {
                if (since != null || until != null) {
                    throw new UserError("give --offsets or --since/--until, not both");
                }
                return DatasetRange.parseOffsets(offsets, images);
            }
            return DatasetRange.times(time("--since", since, clock), time("--until", until, clock));
        } catch (IllegalArgumentException e) {
            throw new UserError((offsets != null ? "--offsets: " : "--since/--until: ") + e.getMessage(), e);
        }
    }

    /** {@code value} of {@code option}: an ISO-8601 instant, or a time ago ({@code 1h}) before {@code clock}'s now; null for null. */
    static Instant time(String option, String value, Clock clock) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException notAnInstant) {
            try {
                return clock.instant().minus(Durations.parse(value));
            } catch (IllegalArgumentException e) {
                throw new UserError("invalid value '" + value + "' for " + option
                        + ": an ISO-8601 instant (2026-12-02T10:00:00Z) or a time ago (1h, 30m)");
            }
        }
    }

    /** The data set of the range given. */
    KafkaDataset.Read read() {
        return source.read(range(Clock.systemUTC()));
    }
}
