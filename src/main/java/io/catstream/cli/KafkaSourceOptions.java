package io.catstream.cli;

import io.catstream.dataset.DatasetRange;
import io.catstream.dataset.KafkaDataset;
import io.catstream.dataset.RecordsGoneException;
import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.TopicNames;
import io.catstream.kafka.Topics;
import io.catstream.model.DataLineage;
import io.catstream.train.DatasetException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a data set read from Kafka comes from ({@code train --from-kafka}, {@code dataset export}): the cluster, the
 * topic names and the range of {@code images}.
 */
final class KafkaSourceOptions {

    /** How long a partition may stop advancing while a data set is read. */
    private static final Duration STALL = Duration.ofSeconds(60);

    @Option(names = "--since", paramLabel = "TIME|AGO",
            description = "With --from-kafka: images sent at or after TIME (ISO-8601, 2026-12-02T10:00:00Z) or AGO before now (1h, 30m).")
    String since;

    @Option(names = "--until", paramLabel = "TIME|AGO",
            description = "With --from-kafka: images sent before TIME or AGO before now (default: up to the end of the topic now).")
    String until;

    @Option(names = "--offsets", paramLabel = "images:P:FROM-TO[,...]",
            description = "With --from-kafka: exactly these offsets [from, to) of images, instead of --since/--until.")
    String offsets;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicNameOptions topicNames;

    /** Whether any range option was given (they mean nothing without {@code --from-kafka}). */
    boolean anyRange() {
        return since != null || until != null || offsets != null;
    }

    DatasetRange range(Clock clock) {
        String images = topicNames.names().resolve(Topics.IMAGES);
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

    private static Instant time(String option, String value, Clock clock) {
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

    KafkaDataset dataset(PrintWriter err) {
        KafkaSettings settings = kafka.connect(err);
        TopicNames names = topicNames.names();
        return new KafkaDataset(settings, names.resolve(Topics.IMAGES), names.resolve(Topics.IMAGE_TRUTH), STALL);
    }

    /** The data set of the range given. */
    KafkaDataset.Read read(PrintWriter err) {
        DatasetRange range = range(Clock.systemUTC());
        KafkaDataset dataset = dataset(err);
        return readOrFail(() -> dataset.read(range));
    }

    /** Exactly the records of {@code lineage} again. */
    KafkaDataset.Read reread(DataLineage lineage, PrintWriter err) {
        KafkaDataset dataset = dataset(err);
        return readOrFail(() -> dataset.reread(lineage));
    }

    private KafkaDataset.Read readOrFail(java.util.function.Supplier<KafkaDataset.Read> read) {
        try {
            return read.get();
        } catch (RecordsGoneException | DatasetException e) {
            throw new UserError(e.getMessage(), e);
        } catch (KafkaException e) {
            throw new UserError("cannot read the data set at " + kafka.bootstrapServers + ": " + e.getMessage(), e);
        }
    }
}
