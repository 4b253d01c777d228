package io.catstream.stream;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The gate task, added to the scorer's topology (docs/gate.md, "The gate in the stream"):
 * <pre>
 * labelled-predictions (the truth join) ─▶ only pairs, and champions under watch (GateFeed) ─┐
 * shadow scores (the labels' shadows) ───────────────────────────────────────────────────────┴▶ merge
 *     ─▶ key by model name ─▶ repartition "gate-by-name"
 *     ─▶ gate (GateProcessor, store "gate-state", changelogged) ─▶ decision + pointers, signed ─▶ model-weights
 * </pre>
 * Re-keyed by model name, every pair and shadow score of a name lands in one partition, so one task of all the
 * instances counts them and decides once. Its records go out in that task's exactly-once transaction with its store
 * update. A labelled prediction the gate cannot use (no challenger, no watch that may still run) is dropped before
 * the repartition: once a promoted champion's watch has ended, that is nearly all of them.
 */
public final class GateTopology {

    private GateTopology() {
    }

    public static void add(StreamsBuilder builder, ScoringTopics topics, KStream<String, LabelledPrediction> labelled,
                           KStream<String, ShadowScore> shadows, ScoringContext context) {
        // persistent and logged: the counts of a trial outlive a crash, and restore on whichever instance takes the task
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GateProcessor.STORE),
                Serdes.String(), Serdes.ByteArray()));
        // only what the gate can use crosses the repartition: pairs, and champions whose rollback watch may run
        labelled.filter(new GateFeed(context.registry()), Named.as("gate-usable"))
                .mapValues(p -> (GateInput) new GateInput.Labelled(p), Named.as("gate-labelled"))
                .merge(shadows.mapValues(s -> (GateInput) new GateInput.Shadow(s), Named.as("gate-shadow")),
                        Named.as("gate-inputs"))
                .selectKey((imageId, in) -> in.modelName(), Named.as("gate-key-by-name"))
                .repartition(Repartitioned.with(Serdes.String(), GateInput.serde()).withName("gate-by-name"))
                .process(() -> new GateProcessor(context.registry(), context.gate(), context.gateMetrics(),
                        topics.modelWeights(), context.clock()), Named.as("gate"), GateProcessor.STORE)
                .to(topics.modelWeights(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("gate-decisions"));
    }
}
