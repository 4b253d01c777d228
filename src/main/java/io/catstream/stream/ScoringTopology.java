package io.catstream.stream;

import io.catstream.metrics.AccuracyWindow;
import io.catstream.metrics.ConfusionCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;

/**
 * The scorer as a {@link Topology}, without I/O ({@code ScoringApp} runs it):
 * <pre>
 * model-weights ─▶ [global store "model-registry"] ModelStoreProcessor ─▶ ModelRegistry ─▶ ActiveModel
 * images ─▶ score (ScoringProcessor) ─┬▶ label ─▶ image-labels
 *                                     │    ├▶ its shadow score, if the challenger scored it ─▶ shadow-predictions
 *                                     │    └▶ truth join with image-truth (TruthTopology) ─▶ labelled-predictions
 *                                     │         ├▶ deltas per model@version and window (AccuracyDeltas, store
 *                                     │         │    "accuracy-deltas", forwarded every second) ─▶ by model@version
 *                                     │         │    (repartition "accuracy-deltas-by-version") ─▶ added into the
 *                                     │         │    tumbling window counts (store "accuracy-by-version") ─▶ model-accuracy
 *                                     │         └▶ with the shadow scores, by model name (GateTopology) ─▶ gate
 *                                     │              (store "gate-state") ─▶ signed decisions ─▶ model-weights
 *                                     └▶ dead letter (original bytes + catstream.dlq.* headers) ─▶ images-dlq
 * </pre>
 */
public final class ScoringTopology {

    public static final String MODEL_STORE = "model-registry";
    public static final String ACCURACY_STORE = "accuracy-by-version";
    /** The repartition of the accuracy deltas: topic {@code <application.id>-accuracy-deltas-by-version-repartition}. */
    public static final String ACCURACY_REPARTITION = "accuracy-deltas-by-version";

    private ScoringTopology() {
    }

    /** As below, with the default truth window (1 h). */
    public static Topology build(ScoringTopics topics, Duration accuracyWindow, ScoringContext context) {
        return build(topics, accuracyWindow, ScoringContext.DEFAULT_TRUTH_WINDOW, context);
    }

    /**
     * @param accuracyWindow size of the tumbling accuracy windows; late records (up to one window) still count
     * @param truthWindow    how long a prediction waits for its truth, and truth for its prediction (docs/truth.md)
     */
    public static Topology build(ScoringTopics topics, Duration accuracyWindow, Duration truthWindow,
                                 ScoringContext context) {
        if (accuracyWindow.isNegative() || accuracyWindow.isZero()) {
            throw new IllegalArgumentException("accuracy window must be positive, got " + accuracyWindow);
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODEL_STORE), Serdes.String(), Serdes.String())
                        .withLoggingDisabled(),
                topics.modelWeights(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("model-weights"),
                () -> new ModelStoreProcessor(MODEL_STORE, context.validator(), context.registry()));

        KStream<String, ScoreOutcome> outcomes = builder
                .stream(topics.images(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("images"))
                .process(() -> new ScoringProcessor(context.newScorer(), context.clock()), Named.as("score"));

        Map<String, KStream<String, ScoreOutcome>> branches = outcomes.split(Named.as("outcome-"))
                .branch((key, outcome) -> outcome instanceof Label, Branched.as("label"))
                .defaultBranch(Branched.as("dead-letter"));

        KStream<String, Label> labels = branches.get("outcome-label").mapValues(o -> (Label) o, Named.as("as-label"));
        labels.to(topics.labels(), Produced.with(Serdes.String(), JsonSerdes.label()).withName("image-labels"));

        // the challenger's scores, written in the same transaction as the champion's labels; the gate reads it
        KStream<String, ShadowScore> shadows = labels
                .filter((key, label) -> label.shadow() != null, Named.as("shadow-scored"))
                .mapValues(Label::shadow, Named.as("as-shadow"));
        shadows.to(topics.shadowPredictions(),
                Produced.with(Serdes.String(), JsonSerdes.shadowScore()).withName("shadow-predictions"));

        branches.get("outcome-dead-letter")
                .mapValues(o -> ((DeadLetter) o).original(), Named.as("original-bytes"))
                .to(topics.deadLetters(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("images-dlq"));

        // one definition of accuracy: predictions joined with truth, header truth being truth with delay 0
        KStream<String, LabelledPrediction> labelled = TruthTopology.addJoin(builder, topics, labels, truthWindow, context);
        GateTopology.add(builder, topics, labelled, shadows, context);

        addAccuracy(builder, topics, labelled, accuracyWindow);
        return builder.build();
    }

    /**
     * Accuracy per model@version in tumbling windows: deltas pre-aggregated in the join's task (AccuracyDeltas), so the
     * repartition by version carries one record per version and window per forward instead of one per labelled
     * image, then added into the windowed counts that become {@code model-accuracy}. A delta's timestamp is its
     * window start: it lands in the window its predictions fell in, and grace (one window) is measured there.
     */
    private static void addAccuracy(StreamsBuilder builder, ScoringTopics topics, KStream<String, LabelledPrediction> labelled,
                                    Duration accuracyWindow) {
        // changelog settings of the join's stores: segments roll every window (at least a minute), so compaction
        // keeps what a restore reads near the few live deltas although each is rewritten at every commit
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AccuracyDeltas.STORE),
                        Serdes.String(), AccuracyDelta.serde())
                .withCachingEnabled().withLoggingEnabled(TruthTopology.changelogConfig(accuracyWindow)));
        Duration retention = accuracyWindow.multipliedBy(3);
        labelled.process(() -> new AccuracyDeltas(accuracyWindow), Named.as("pre-aggregate-accuracy"), AccuracyDeltas.STORE)
                .groupByKey(Grouped.with(ACCURACY_REPARTITION, Serdes.String(), AccuracyDelta.serde()))
                .windowedBy(TimeWindows.ofSizeAndGrace(accuracyWindow, accuracyWindow))
                .aggregate(() -> ConfusionCounts.EMPTY, (key, delta, counts) -> counts.plus(delta.counts()),
                        Named.as("add-accuracy-deltas"),
                        // persistent (RocksDB in state.dir): with one persistent store Kafka Streams keeps its process
                        // id in state.dir, so a restarted scorer has the same transactional ids and fences its dead
                        // self's open transaction at once instead of waiting out transaction.timeout.ms; and a clean
                        // restart reopens the store from its checkpoint instead of restoring the whole changelog
                        Materialized.<String, ConfusionCounts>as(
                                        Stores.persistentWindowStore(ACCURACY_STORE, retention, accuracyWindow, false))
                                .withKeySerde(Serdes.String()).withValueSerde(JsonSerdes.confusionCounts()))
                .toStream(Named.as("accuracy-updates"))
                .map((window, counts) -> KeyValue.pair(window.key(), accuracyWindow(window.key(), window.window().startTime(),
                        window.window().endTime(), counts)), Named.as("accuracy-record"))
                .to(topics.accuracy(), Produced.with(Serdes.String(), JsonSerdes.accuracyWindow()).withName("model-accuracy"));
    }

    private static AccuracyWindow accuracyWindow(String nameAtVersion, Instant start, Instant end,
                                                 ConfusionCounts counts) {
        int at = nameAtVersion.lastIndexOf('@');
        return new AccuracyWindow(nameAtVersion.substring(0, at), Integer.parseInt(nameAtVersion.substring(at + 1)), start,
                end, counts);
    }
}
