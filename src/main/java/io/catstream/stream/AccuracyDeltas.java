package io.catstream.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Pre-aggregates accuracy in the scoring task (docs/truth.md, "State and cost"): each labelled prediction is added to
 * a delta per (model@version, accuracy window of the record's timestamp) in the store {@value #STORE}, and a
 * wall-clock punctuator forwards every delta, keyed by model@version with the window start as its timestamp, and
 * deletes it. The repartition by version then carries one record per key per forward instead of one per image.
 *
 * <p>The store is persistent, changelogged and cached. Changelogged: under exactly-once the forwards, the deletes
 * (tombstones in the changelog) and the input offsets commit in one transaction, so after a crash the task restores
 * the deltas that were not yet forwarded and replays the rest: every prediction is counted once. Cached: a delta
 * updated at every image writes one changelog record per commit, not one per image. Persistent, like every store of
 * the scorer: a clean restart reopens it from its checkpoint instead of reading the changelog.
 */
final class AccuracyDeltas implements Processor<String, LabelledPrediction, String, AccuracyDelta> {

    static final String STORE = "accuracy-deltas";

    private final long windowMillis;
    private ProcessorContext<String, AccuracyDelta> context;
    private KeyValueStore<String, AccuracyDelta> deltas;

    AccuracyDeltas(Duration accuracyWindow) {
        if (accuracyWindow.isNegative() || accuracyWindow.isZero()) {
            throw new IllegalArgumentException("accuracy window must be positive, got " + accuracyWindow);
        }
        this.windowMillis = accuracyWindow.toMillis();
    }

    /**
     * How often the deltas are forwarded: every second, or four times per window for windows under 4 s. A second
     * bounds how far {@code model-accuracy} lags the join, while the repartition carries at most one record per
     * version and window per task per second whatever the input rate (at 1,000 labelled images/s over 6 tasks:
     * about 6 records/s instead of 1,000). A quarter window keeps the wait short next to the aggregate's grace (one
     * window), which is measured at the delta's window start, and updates a short window several times.
     */
    static Duration forwardInterval(Duration accuracyWindow) {
        return Duration.ofMillis(Math.max(1, Math.min(1_000, accuracyWindow.toMillis() / 4)));
    }

    @Override
    public void init(ProcessorContext<String, AccuracyDelta> context) {
        this.context = context;
        this.deltas = context.getStateStore(STORE);
        context.schedule(forwardInterval(Duration.ofMillis(windowMillis)), PunctuationType.WALL_CLOCK_TIME,
                now -> forwardAll());
    }

    @Override
    public void process(Record<String, LabelledPrediction> record) {
        LabelledPrediction p = record.value();
        long windowStart = record.timestamp() - Math.floorMod(record.timestamp(), windowMillis); // TimeWindows' start
        String key = storeKey(windowStart, nameAtVersion(p));
        AccuracyDelta delta = deltas.get(key);
        deltas.put(key, (delta == null ? AccuracyDelta.empty(windowStart) : delta).plus(p.isCat(), p.truth()));
    }

    /** The key of the accuracy windows and of {@code model-accuracy}. */
    static String nameAtVersion(LabelledPrediction p) {
        return p.modelName() + "@" + p.modelVersion();
    }

    /** Window start first: the number holds no ':', so the rest is the name@version whatever the name holds. */
    private static String storeKey(long windowStart, String nameAtVersion) {
        return windowStart + ":" + nameAtVersion;
    }

    private void forwardAll() {
        List<KeyValue<String, AccuracyDelta>> all = new ArrayList<>();
        try (KeyValueIterator<String, AccuracyDelta> it = deltas.all()) {
            it.forEachRemaining(all::add); // collected first: no deletes under an open iterator
        }
        // oldest window first: the aggregate's stream time follows the window starts, and a newer window forwarded
        // first could close an older one (two windows apart) whose delta is in the same batch
        all.sort(Comparator.comparingLong(kv -> kv.value.windowStartMillis()));
        for (KeyValue<String, AccuracyDelta> kv : all) {
            String nameAtVersion = kv.key.substring(kv.key.indexOf(':') + 1);
            context.forward(new Record<>(nameAtVersion, kv.value, kv.value.windowStartMillis()));
            deltas.delete(kv.key);
        }
    }
}
