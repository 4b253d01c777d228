package io.catstream.stream;

import io.catstream.image.ImageRejectedException;
import io.catstream.image.SourceImage;
import io.catstream.metrics.ScoringMetrics;
import io.catstream.nn.layered.Classifier;
import java.time.Clock;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one image record with the model active at that moment: the trainer's preprocessing (built from the
 * model's own contract, standardisation included), the model's {@link io.catstream.nn.layered.Classifier}, the label; or
 * a {@link DeadLetter} with the reason. Never throws for bad input. Not thread-safe: one per stream task, it reuses
 * its feature buffer (the classifier keeps its activations per thread).
 */
public final class Scorer {

    private static final Logger LOG = LoggerFactory.getLogger(Scorer.class);

    private final ActiveModel active;
    private final ScoringMetrics metrics;
    private final ScoreListener listener;
    private final Clock clock;
    private double[] features = new double[0];
    private final SourceImage sourceImage = new SourceImage();

    public Scorer(ActiveModel active, ScoringMetrics metrics, Clock clock) {
        this(active, metrics, ScoreListener.NONE, clock);
    }

    /** @param listener told of every label with the features it was computed from (the web view's recent images) */
    public Scorer(ActiveModel active, ScoringMetrics metrics, ScoreListener listener, Clock clock) {
        this.active = active;
        this.metrics = metrics;
        this.listener = listener;
        this.clock = clock;
    }

    public ScoreOutcome score(String imageId, byte[] image, Headers headers, long timestamp, DeadLetter.Source source) {
        metrics.received();
        ScoringModel model = active.acquire(); // read once: this image is scored by exactly this model
        if (model == null) {
            return deadLetter(DeadLetter.NO_MODEL, "no version of model '" + active.modelName() + "' is active yet: "
                    + "publish one (catstream publish), then replay this record from images-dlq", null, source, image);
        }
        try {
            return scoreWith(model, imageId, image, headers, timestamp, source);
        } finally {
            active.release(model); // a model swapped out meanwhile closes its classifier after its last image
        }
    }

    private ScoreOutcome scoreWith(ScoringModel model, String imageId, byte[] image, Headers headers, long timestamp,
                                   DeadLetter.Source source) {
        if (image == null || image.length == 0) {
            return deadLetter("empty", "image has " + (image == null ? "a null value" : "0 bytes"), null, source, image);
        }
        try {
            prepareBuffers(model.classifier().inputSize());
            long start = System.nanoTime();
            model.preprocessor().writeFeatures(image, features, 0, sourceImage);
            long preprocessed = System.nanoTime();
            double probability = model.classifier().probability(features);
            long forwarded = System.nanoTime();
            boolean isCat = Classifier.isCat(probability);
            Boolean truth = Label.truthOf(headers);
            metrics.scored(model.version(), preprocessed - start, forwarded - preprocessed, timestamp);
            metrics.predicted(model.version(), isCat, truth);
            active.scoredBy(model);
            Label label = new Label(imageId, isCat, probability, model.name(), model.version(), truth, clock.instant());
            listener.scored(label, features, model.preprocessor().contract(), sourceImage);
            return label;
        } catch (ImageRejectedException e) {
            return deadLetter(e.reason().code(), e.getMessage(), e.getClass().getName(), source, image);
        } catch (RuntimeException e) {
            LOG.error("scoring image '{}' ({}) failed: a bug; dead-lettered as {}", imageId, source, DeadLetter.INTERNAL_ERROR, e);
            return deadLetter(DeadLetter.INTERNAL_ERROR, String.valueOf(e.getMessage()), e.getClass().getName(), source, image);
        }
    }

    private DeadLetter deadLetter(String reason, String message, String errorClass, DeadLetter.Source source, byte[] image) {
        metrics.deadLettered(reason);
        return new DeadLetter(reason, message, errorClass, source, image);
    }

    /** The features buffer follows the model: a swap to another image size (128² dense, 64² conv) resizes it. */
    private void prepareBuffers(int inputSize) {
        if (features.length != inputSize) {
            features = new double[inputSize];
        }
    }
}
