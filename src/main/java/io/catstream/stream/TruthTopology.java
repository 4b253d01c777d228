package io.catstream.stream;

import java.time.Duration;
import java.util.Map;
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

    /** Adds the join to {@code builder}; returns the joined stream (also written to {@code labelled-predictions}). */
    public static KStream<String, LabelledPrediction> addJoin(StreamsBuilder builder, ScoringTopics topics,
                                                              KStream<String, Label> labels, Duration truthWindow,
                                                              ScoringContext context) {
        if (truthWindow.isNegative() || truthWindow.isZero()) {
            throw new IllegalArgumentException("truth window must be positive, got " + truthWindow);
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TruthJoinProcessor.PREDICTIONS_STORE),
                Serdes.String(), PredictionEntry.serde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TruthJoinProcessor.TRUTH_STORE),
                Serdes.String(), TruthEntry.serde()));

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
