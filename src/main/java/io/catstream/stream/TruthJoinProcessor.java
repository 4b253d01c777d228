package io.catstream.stream;

import io.catstream.metrics.TruthMetrics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins predictions with their truth by image id, in either order, within the truth window, and emits exactly one
 * {@link LabelledPrediction} per image that got truth (docs/truth.md). Two persistent stores with changelogs hold
 * the state, so under exactly-once a crash replays to the same outputs: {@value #PREDICTIONS_STORE} (the compact
 * prediction of each image; once matched, with its truth's class) and {@value #TRUTH_STORE} (truth that came before
 * its prediction, pending; the first truth wins).
 *
 * <p>A join writes one store entry, the prediction MATCHED with its truth's class, because each write is a changelog
 * record inside the exactly-once transaction and the join's cost is counted in them (issue #12). Truth after its
 * image: that one write. Header truth with no pending truth: the prediction is written MATCHED at once, never OPEN
 * first. Truth before its image: the pending write, the join's write, and the pending truth's delete (its tombstone
 * is unavoidable: the truth store's changelog must forget it too, or a restore would bring it back as pending).
 * Repeated truth is a {@code duplicate} or a {@code conflict} by the class in the MATCHED entry (or in the pending
 * truth, while the image has not come).
 *
 * <p>Ages are wall-clock times of this processor ({@code currentSystemTimeMs}), so a stalled input does not stop
 * expiry. A wall-clock punctuator sweeps both stores: a prediction, OPEN or MATCHED, older than a window becomes an
 * EXPIRED marker for one more window (truth arriving then is counted {@code late}), then goes; truth still pending
 * after a window is counted {@code unknown} and goes. Matched truth entries are no longer written; those a changelog
 * still holds from before (the MATCHED entries written then have no class) decide repeats of their image until the
 * sweep removes them a window after their match, without a count.
 */
final class TruthJoinProcessor implements Processor<String, TruthJoinInput, String, LabelledPrediction> {

    static final String PREDICTIONS_STORE = "truth-join-predictions";
    static final String TRUTH_STORE = "truth-join-truth";

    private static final Logger LOG = LoggerFactory.getLogger(TruthJoinProcessor.class);

    private final String modelName;
    private final long windowMillis;
    private final TruthMetrics metrics;
    private ProcessorContext<String, LabelledPrediction> context;
    private KeyValueStore<String, PredictionEntry> predictions;
    private KeyValueStore<String, TruthEntry> truths;

    TruthJoinProcessor(String modelName, Duration window, TruthMetrics metrics) {
        this.modelName = modelName;
        this.windowMillis = window.toMillis();
        this.metrics = metrics;
    }

    /** How often the stores are swept: a twelfth of the window (entries live at most that much longer), 0.1–60 s. */
    static Duration sweepInterval(Duration window) {
        long millis = Math.max(100, Math.min(60_000, window.toMillis() / 12));
        return Duration.ofMillis(millis);
    }

    @Override
    public void init(ProcessorContext<String, LabelledPrediction> context) {
        this.context = context;
        this.predictions = context.getStateStore(PREDICTIONS_STORE);
        this.truths = context.getStateStore(TRUTH_STORE);
        context.schedule(sweepInterval(Duration.ofMillis(windowMillis)), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, TruthJoinInput> record) {
        String id = record.key();
        if (id == null) {
            return; // an image without an id: nothing can name it later (its label still went to image-labels)
        }
        long now = context.currentSystemTimeMs();
        if (record.value() instanceof TruthJoinInput.Prediction p) {
            predicted(id, p.label(), record.timestamp(), now);
        } else if (record.value() instanceof TruthJoinInput.Arrival a) {
            arrived(id, a.truth(), record.timestamp(), now);
        } else {
            throw new IllegalStateException("malformed truth must go to truth-dlq, not the join: " + record.value());
        }
    }

    private void predicted(String id, Label label, long timestamp, long now) {
        metrics.predicted(label.modelVersion());
        Truth header = label.label() == null ? null : new Truth(label.label(), Truth.HEADER_SOURCE, label.scoredAt());
        if (predictions.get(id) == null) { // an image sent twice keeps its first prediction: one record per image
            PredictionEntry entry = PredictionEntry.of(label, now);
            TruthEntry pending = truths.get(id);
            if (pending != null && !pending.matched()) {
                join(id, entry, pending.truth(), timestamp, now);
                // the one extra write of truth-first: the pending truth's tombstone (its changelog must forget it too)
                truths.delete(id);
            } else if (header != null && pending == null) {
                join(id, entry, header, timestamp, now); // header truth: MATCHED at once, never written OPEN first
                return;
            } else {
                predictions.put(id, entry);
            }
        }
        if (header != null) { // header truth after truth that came before it, or on an image sent again
            arrived(id, header, timestamp, now);
        }
    }

    private void arrived(String id, Truth truth, long timestamp, long now) {
        PredictionEntry prediction = predictions.get(id);
        if (prediction == null) {
            TruthEntry pending = truths.get(id);
            if (pending == null) {
                truths.put(id, new TruthEntry(truth, false, now)); // before its image: waits up to a window
            } else {
                repeated(id, truth, pending.truth().isCat()); // the first truth wins, pending or not
            }
            return;
        }
        switch (prediction.state()) {
            case OPEN -> join(id, prediction, truth, timestamp, now);
            case MATCHED -> {
                Boolean first = prediction.truthIsCat() != null ? prediction.truthIsCat() : matchedBeforeClassWasKept(id);
                if (first == null) {
                    metrics.unmatched(TruthMetrics.DUPLICATE); // its matched truth just expired
                } else {
                    repeated(id, truth, first);
                }
            }
            case EXPIRED -> metrics.unmatched(TruthMetrics.LATE);
        }
    }

    /**
     * The class of the truth an entry written before the prediction kept it was matched with: that truth is in the
     * truth store, marked matched, until the sweep removes it a window after the match. Null when it is gone.
     */
    private Boolean matchedBeforeClassWasKept(String id) {
        TruthEntry matched = truths.get(id);
        return matched == null ? null : matched.truth().isCat();
    }

    private void repeated(String id, Truth truth, boolean firstIsCat) {
        String reason = firstIsCat == truth.isCat() ? TruthMetrics.DUPLICATE : TruthMetrics.CONFLICT;
        metrics.unmatched(reason);
        LOG.debug("truth for '{}' ({}) after the first (is_cat {}): {}", id, truth, firstIsCat, reason);
    }

    /** The join's one store write: the prediction, MATCHED with its truth's class; then its labelled prediction. */
    private void join(String id, PredictionEntry prediction, Truth truth, long timestamp, long now) {
        predictions.put(id, prediction.matched(truth.isCat(), now));
        Instant scoredAt = Instant.ofEpochMilli(prediction.scoredAtMillis());
        long delay = truth.at().toEpochMilli() - prediction.scoredAtMillis();
        LabelledPrediction labelled = new LabelledPrediction(id, modelName, prediction.version(), prediction.probability(),
                prediction.isCat(), truth.isCat(), scoredAt, truth.at(), delay, truth.source(),
                prediction.challenger(), prediction.challengerProbabilityOrNull());
        metrics.matched(prediction.version(), prediction.isCat(), truth.isCat(), delay);
        context.forward(new Record<>(id, labelled, timestamp));
    }

    private void expire(long now) {
        long cutoff = now - windowMillis;
        try (KeyValueIterator<String, PredictionEntry> all = predictions.all()) {
            while (all.hasNext()) {
                KeyValue<String, PredictionEntry> kv = all.next();
                if (kv.value.sinceMillis() <= cutoff) {
                    if (kv.value.state() == PredictionEntry.State.EXPIRED) {
                        predictions.delete(kv.key);
                    } else {
                        predictions.put(kv.key, kv.value.to(PredictionEntry.State.EXPIRED, now));
                    }
                }
            }
        }
        try (KeyValueIterator<String, TruthEntry> all = truths.all()) {
            while (all.hasNext()) {
                KeyValue<String, TruthEntry> kv = all.next();
                if (kv.value.sinceMillis() <= cutoff) {
                    if (!kv.value.matched()) {
                        metrics.unmatched(TruthMetrics.UNKNOWN);
                        LOG.debug("truth for '{}' met no prediction within {} ms: unknown", kv.key, windowMillis);
                    }
                    truths.delete(kv.key);
                }
            }
        }
    }
}
