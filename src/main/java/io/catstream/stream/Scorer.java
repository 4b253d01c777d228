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
 *
 * <p>When a challenger is on trial ({@link ChallengerModel}) and the image is selected ({@link ShadowSelection}), the
 * challenger scores the same preprocessed features right after the champion (its own preprocessing only when its
 * input contract differs), and the label carries the {@link ShadowScore}. Whatever the challenger does (throws,
 * returns NaN), the champion's label is the same as without it.
 */
public final class Scorer {

    private static final Logger LOG = LoggerFactory.getLogger(Scorer.class);

    private final ActiveModel active;
    private final ChallengerModel challenger;
    private final ShadowSelection selection;
    private final ScoringMetrics metrics;
    private final ScoreListener listener;
    private final Clock clock;
    private double[] features = new double[0];
    private final SourceImage sourceImage = new SourceImage();
    /** The challenger's own features, used only when its input contract differs from the champion's. */
    private double[] challengerFeatures = new double[0];
    private final SourceImage challengerSource = new SourceImage();

    public Scorer(ActiveModel active, ScoringMetrics metrics, Clock clock) {
        this(active, metrics, ScoreListener.NONE, clock);
    }

    /** @param listener told of every label with the features it was computed from (the web view's recent images) */
    public Scorer(ActiveModel active, ScoringMetrics metrics, ScoreListener listener, Clock clock) {
        this(active, null, ShadowSelection.ALL, metrics, listener, clock);
    }

    /**
     * @param challenger the challenger on trial (null: no shadow scoring)
     * @param selection  which images it scores
     */
    public Scorer(ActiveModel active, ChallengerModel challenger, ShadowSelection selection, ScoringMetrics metrics,
                  ScoreListener listener, Clock clock) {
        this.active = active;
        this.challenger = challenger;
        this.selection = selection;
        this.metrics = metrics;
        this.listener = listener;
        this.clock = clock;
    }

    public ScoreOutcome score(String imageId, byte[] image, Headers headers, long timestamp, DeadLetter.Source source) {
        metrics.received();
        ScoringModel model = active.current(); // read once: this image is scored by exactly this model
        if (model == null) {
            return deadLetter(DeadLetter.NO_MODEL, "no version of model '" + active.modelName() + "' is active yet: "
                    + "publish one (catstream publish), then replay this record from images-dlq", null, source, image);
        }
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
            ScoringModel shadow = challenger == null ? null : challenger.current(); // read once, like the champion
            if (shadow != null && shadow.version() != model.version() && selection.selects(imageId)) {
                label = label.withShadow(shadowScore(label, model, shadow, image, (forwarded - preprocessed) / 1000));
            }
            listener.scored(label, features, model.preprocessor().contract(), sourceImage);
            return label;
        } catch (ImageRejectedException e) {
            return deadLetter(e.reason().code(), e.getMessage(), e.getClass().getName(), source, image);
        } catch (RuntimeException e) {
            LOG.error("scoring image '{}' ({}) failed: a bug; dead-lettered as {}", imageId, source, DeadLetter.INTERNAL_ERROR, e);
            return deadLetter(DeadLetter.INTERNAL_ERROR, String.valueOf(e.getMessage()), e.getClass().getName(), source, image);
        }
    }

    /**
     * The challenger's score of the image the champion just labelled: from the champion's features when both models
     * take the same input, else through the challenger's own preprocessor. Never throws: a failure is a
     * {@link ShadowScore} with its reason.
     */
    private ShadowScore shadowScore(Label label, ScoringModel champion, ScoringModel shadow, byte[] image, long championMicros) {
        long start = System.nanoTime();
        String reason;
        try {
            double[] input = features;
            if (!shadow.preprocessor().contract().equals(champion.preprocessor().contract())) {
                if (challengerFeatures.length != shadow.classifier().inputSize()) {
                    challengerFeatures = new double[shadow.classifier().inputSize()];
                }
                shadow.preprocessor().writeFeatures(image, challengerFeatures, 0, challengerSource);
                input = challengerFeatures;
            }
            double p = shadow.classifier().probability(input);
            long nanos = System.nanoTime() - start;
            if (p >= 0 && p <= 1) { // false for NaN too
                ShadowScore score = ShadowScore.scored(label.imageId(), label.modelName(), champion.version(),
                        label.probability(), shadow.version(), p, championMicros, nanos / 1000, label.scoredAt());
                challenger.metrics().scored(shadow.version(), score.agree(), nanos);
                return score;
            }
            reason = ShadowScore.NON_FINITE_PROBABILITY;
            LOG.debug("challenger {}@{} gave p(cat) = {} for '{}': {}", shadow.name(), shadow.version(), p, label.imageId(), reason);
        } catch (ImageRejectedException e) {
            reason = e.reason().code();
        } catch (RuntimeException e) {
            reason = DeadLetter.INTERNAL_ERROR;
            LOG.warn("challenger {}@{} failed on image '{}' ({}); the champion's label stands", shadow.name(),
                    shadow.version(), label.imageId(), reason, e);
        }
        long nanos = System.nanoTime() - start;
        challenger.metrics().failed(shadow.version(), reason, nanos);
        return ShadowScore.failed(label.imageId(), label.modelName(), champion.version(), label.probability(),
                shadow.version(), championMicros, nanos / 1000, reason, label.scoredAt());
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
