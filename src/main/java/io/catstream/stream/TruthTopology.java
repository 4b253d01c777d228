package io.catstream.stream;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The truth join, added to the scorer's topology beside the labels (docs/truth.md):
 * <pre>
 * image-truth ─▶ read (TruthReader) ─┬▶ malformed: original bytes + catstream.dlq.* headers ─▶ truth-dlq
 *                                    └▶ truth ─┐
 * labels (keyed by image id, same task) ───────┴▶ merge ─▶ join (TruthJoinProcessor, stores
 *                         "truth-join-predictions" and "truth-join-truth") ─▶ labelled-predictions
 * </pre>
 * {@code image-truth} is co-partitioned with {@code images}: merged with the labels, it lands in the same
 * sub-topology, so task p reads images p and truth p and no repartition is needed.
 */
public final class TruthTopology {

    private TruthTopology() {
    }

    /** Segments of the join's changelogs roll at least this often, whatever the window: the cleaner compacts only closed ones. */
    static final long CHANGELOG_SEGMENT_BYTES = 64L * 1024 * 1024;
    /** The shortest segment and tombstone life, for short test windows (a segment per second would be thousands of files). */
    static final Duration MIN_CHANGELOG_WINDOW = Duration.ofMinutes(1);

    /**
     * The join stores' changelog topic settings, for what a restore reads: after a SIGKILL, exactly-once Kafka Streams
     * wipes the stores and restores them from the changelogs' beginning (docs/operations.md, "Restart and recovery"),
     * and each image writes a prediction, an expiry marker and a tombstone there. By Kafka's defaults nothing is
     * compacted until a 1 GB segment fills (the active segment is never cleaned) and a tombstone stays a day after
     * compaction, so a restore read every image of the last day or more. Here segments close every window (or 64 MiB)
     * and tombstones go one window after compaction: a restore reads about the live entries plus a window or two.
     * A tombstone kept a window is still long enough for any restore to read it (a restore of a window's images takes
     * seconds to minutes). Kafka Streams applies these when it creates the changelog; an existing one keeps its own.
     */
    static Map<String, String> changelogConfig(Duration truthWindow) {
        String window = Long.toString(Math.max(truthWindow.toMillis(), MIN_CHANGELOG_WINDOW.toMillis()));
        return Map.of(TopicConfig.SEGMENT_MS_CONFIG, window, TopicConfig.SEGMENT_BYTES_CONFIG, Long.toString(CHANGELOG_SEGMENT_BYTES),
                TopicConfig.DELETE_RETENTION_MS_CONFIG, window);
    }

    /** Adds the join to {@code builder}; returns the joined stream (also written to {@code labelled-predictions}). */
    public static KStream<String, LabelledPrediction> addJoin(StreamsBuilder builder, ScoringTopics topics,
                                                              KStream<String, Label> labels, Duration truthWindow,
                                                              ScoringContext context) {
        if (truthWindow.isNegative() || truthWindow.isZero()) {
            throw new IllegalArgumentException("truth window must be positive, got " + truthWindow);
        }
        Map<String, String> changelog = changelogConfig(truthWindow);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TruthJoinProcessor.PREDICTIONS_STORE),
                Serdes.String(), PredictionEntry.serde()).withLoggingEnabled(changelog));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TruthJoinProcessor.TRUTH_STORE),
                Serdes.String(), TruthEntry.serde()).withLoggingEnabled(changelog));

        Map<String, KStream<String, TruthJoinInput>> read = builder
                .stream(topics.truth(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("image-truth"))
                .process(() -> new TruthReader(context.truthMetrics(), context.clock()), Named.as("read-truth"))
                .split(Named.as("truth-"))
                .branch((key, in) -> in instanceof TruthJoinInput.Malformed, Branched.as("malformed"))
                .defaultBranch(Branched.as("arrival"));
        read.get("truth-malformed")
                .mapValues(in -> ((TruthJoinInput.Malformed) in).deadLetter().original(), Named.as("truth-original-bytes"))
                .to(topics.truthDeadLetters(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("truth-dlq"));

        KStream<String, LabelledPrediction> joined = labels
                .mapValues(label -> (TruthJoinInput) new TruthJoinInput.Prediction(label), Named.as("as-prediction"))
                .merge(read.get("truth-arrival"), Named.as("predictions-and-truth"))
                .process(() -> new TruthJoinProcessor(context.active().modelName(), truthWindow, context.truthMetrics()),
                        Named.as("join-truth"), TruthJoinProcessor.PREDICTIONS_STORE, TruthJoinProcessor.TRUTH_STORE);
        joined.to(topics.labelledPredictions(),
                Produced.with(Serdes.String(), JsonSerdes.labelledPrediction()).withName("labelled-predictions"));
        return joined;
    }
}
