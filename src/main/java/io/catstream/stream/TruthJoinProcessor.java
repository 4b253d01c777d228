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
 * prediction of each image) and {@value #TRUTH_STORE} (the first truth of each image; the first truth wins).
 *
 * <p>Ages are wall-clock times of this processor ({@code currentSystemTimeMs}), so a stalled input does not stop
 * expiry. A wall-clock punctuator sweeps both stores: a prediction older than a window becomes an EXPIRED marker for
 * one more window (truth arriving then is counted {@code late}), then goes; truth still pending after a window is
 * counted {@code unknown} and goes; matched truth goes after a window (until then a repeat is a {@code duplicate} or
 * a {@code conflict}).
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
        if (predictions.get(id) == null) { // an image sent twice keeps its first prediction: one record per image
            PredictionEntry entry = PredictionEntry.of(label, now);
            predictions.put(id, entry);
            TruthEntry pending = truths.get(id);
            if (pending != null && !pending.matched()) {
                join(id, entry, pending, timestamp, now);
            }
        }
        if (label.label() != null) { // header truth: truth that came with the image, after any that came before it
            arrived(id, new Truth(label.label(), Truth.HEADER_SOURCE, label.scoredAt()), timestamp, now);
        }
    }

    private void arrived(String id, Truth truth, long timestamp, long now) {
        TruthEntry first = truths.get(id);
        if (first != null) {
            String reason = first.truth().isCat() == truth.isCat() ? TruthMetrics.DUPLICATE : TruthMetrics.CONFLICT;
            metrics.unmatched(reason);
            LOG.debug("truth for '{}' ({}) after the first ({}): {}", id, truth, first.truth(), reason);
            return;
        }
        PredictionEntry prediction = predictions.get(id);
        if (prediction == null) {
            truths.put(id, new TruthEntry(truth, false, now)); // before its image: waits up to a window
            return;
        }
        switch (prediction.state()) {
            case OPEN -> join(id, prediction, new TruthEntry(truth, false, now), timestamp, now);
            case MATCHED -> metrics.unmatched(TruthMetrics.DUPLICATE); // its matched truth just expired
            case EXPIRED -> metrics.unmatched(TruthMetrics.LATE);
        }
    }

    private void join(String id, PredictionEntry prediction, TruthEntry truth, long timestamp, long now) {
        predictions.put(id, prediction.to(PredictionEntry.State.MATCHED, now));
        truths.put(id, truth.matchedAt(now));
        Instant scoredAt = Instant.ofEpochMilli(prediction.scoredAtMillis());
        long delay = truth.truth().at().toEpochMilli() - prediction.scoredAtMillis();
        LabelledPrediction labelled = new LabelledPrediction(id, modelName, prediction.version(), prediction.probability(),
                prediction.isCat(), truth.truth().isCat(), scoredAt, truth.truth().at(), delay, truth.truth().source(),
                prediction.challenger(), prediction.challengerProbabilityOrNull());
        metrics.matched(prediction.version(), prediction.isCat(), truth.truth().isCat(), delay);
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
