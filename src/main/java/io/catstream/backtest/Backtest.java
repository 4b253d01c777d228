package io.catstream.backtest;

import io.catstream.dataset.ChampionPredictions;
import io.catstream.dataset.DatasetRange;
import io.catstream.dataset.KafkaDataset;
import io.catstream.dataset.LabelledImage;
import io.catstream.dataset.LeftOut;
import io.catstream.gate.ExactMcNemar;
import io.catstream.gate.GateSettings;
import io.catstream.gate.PairedCounts;
import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.image.ImageRejectedException;
import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.TopicNames;
import io.catstream.kafka.Topics;
import io.catstream.model.BacktestResult;
import io.catstream.model.Classifiers;
import io.catstream.model.InvalidModelException;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ScoringEngine;
import io.catstream.nn.layered.Classifier;
import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.PublishedModel;
import io.catstream.registry.RegistryTopic;
import io.catstream.stream.LabelledPrediction;
import io.catstream.train.Progress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The backtest before going live: {@link #run} re-scores the images of a range of {@code images} that have truth (the
 * data set {@code train --from-kafka} would read, by the same {@code dataset} rules) with a model, the way the scorer
 * would (its own input contract, the same engine choice), and compares it image by image with the champion, the
 * active version of the model's name on the registry. The champion's outcome is the label it really gave, from
 * {@code labelled-predictions}; an image it has none for (sent while no scorer ran, or joined by an older champion)
 * is re-scored with the champion's model from the registry, and the result counts how many of each.
 *
 * <p>The comparison is McNemar's exact test on the discordant images ({@link ExactMcNemar}) at the gate's α
 * ({@link GateSettings#DEFAULTS}), and the verdict is {@link BacktestResult.Verdict#of}: a model the test says is
 * worse is {@code worse-clearly}; one it says is better is {@code better}; else {@code not-worse}. An image either
 * model's preprocessing refuses is left out ({@code unreadable}).
 */
public final class Backtest {

    /** The level of both one-sided tests: the gate's false promotion rate, one number for both decisions. */
    public static final double ALPHA = GateSettings.DEFAULTS.falsePromotionRate();

    private final KafkaSettings settings;
    private final TopicNames topics;
    private final ModelRecordValidator validator;
    private final ImageLimits limits;
    private final ScoringEngine engine;
    private final Clock clock;
    private final Duration stall;

    /**
     * @param validator checks the registry's records as every consumer does (the champion must be one it accepts)
     * @param limits    the image limits the scorer applies
     * @param engine    the scorer's engine choice ({@code serve --engine})
     * @param stall     how long a read may stop advancing, and how long to wait for the registry
     */
    public Backtest(KafkaSettings settings, TopicNames topics, ModelRecordValidator validator, ImageLimits limits,
                    ScoringEngine engine, Clock clock, Duration stall) {
        this.settings = settings;
        this.topics = topics;
        this.validator = validator;
        this.limits = limits;
        this.engine = engine;
        this.clock = clock;
        this.stall = stall;
    }

    /**
     * Backtests {@code model} on the images {@code range} selects.
     *
     * @throws BacktestException                     no champion of the model's name, or no image either model can read
     * @throws io.catstream.train.DatasetException   no image of the range has truth, or a topic is missing
     * @throws io.catstream.dataset.RecordsGoneException explicit offsets Kafka no longer holds
     */
    public BacktestResult run(ModelArtifact model, DatasetRange range) {
        PublishedModel champion = champion(model.name()); // first: without one, reading the images is wasted
        String imagesTopic = topics.resolve(Topics.IMAGES);
        try (KafkaDataset.Read read = new KafkaDataset(settings, imagesTopic, topics.resolve(Topics.IMAGE_TRUTH), stall)
                .read(range)) { // the images' bytes are read back from its spill file one at a time
            return run(model, range, champion, imagesTopic, read);
        }
    }

    private BacktestResult run(ModelArtifact model, DatasetRange range, PublishedModel champion, String imagesTopic,
                               KafkaDataset.Read read) {
        Set<String> ids = new HashSet<>(read.set().images().ids());
        Map<String, LabelledPrediction> said = new ChampionPredictions(settings, topics.resolve(Topics.LABELLED_PREDICTIONS),
                stall).of(champion.name(), champion.version(), ids);

        Scoring candidate = new Scoring(model);
        Scoring rescore = null;
        PairedCounts counts = PairedCounts.NONE;
        long labelled = 0;
        long unreadable = 0;
        try (Progress progress = Progress.start("backtest: scoring with " + model.name(), ids.size())) {
            for (LabelledImage image : read.set().images()) {
                progress.step();
                Boolean modelCorrect = candidate.correct(image);
                LabelledPrediction prediction = said.get(image.id());
                Boolean championCorrect;
                if (prediction != null) {
                    championCorrect = prediction.isCat() == image.isCat();
                } else {
                    if (rescore == null) {
                        rescore = new Scoring(champion.artifact());
                    }
                    championCorrect = rescore.correct(image);
                }
                if (modelCorrect == null || championCorrect == null) {
                    unreadable++;
                    continue;
                }
                counts = counts.add(championCorrect, modelCorrect);
                labelled += prediction != null ? 1 : 0;
            }
        } finally {
            candidate.close();
            if (rescore != null) {
                rescore.close();
            }
        }
        if (counts.labelled() == 0) {
            throw new BacktestException("none of the " + ids.size() + " images with truth in " + read.lineage().rangesOf(imagesTopic)
                    + " could be read by both models' preprocessing: nothing to compare");
        }
        Map<String, Long> leftOut = new TreeMap<>(read.set().leftOut());
        if (unreadable > 0) {
            leftOut.put(LeftOut.UNREADABLE, unreadable);
        }
        double pWorse = ExactMcNemar.pWorse(counts);
        double pBetter = ExactMcNemar.pBetter(counts);
        return new BacktestResult(champion.name(), champion.version(), counts.bothRight(), counts.challengerOnly(),
                counts.championOnly(), counts.bothWrong(), pWorse, pBetter, ALPHA,
                BacktestResult.Verdict.of(pWorse, pBetter, ALPHA), range.since(), range.until(),
                read.lineage().rangesOf(imagesTopic), read.lineage().clusterId(), read.lineage().sha256(), labelled,
                counts.labelled() - labelled, leftOut, clock.instant());
    }

    /** The active version of {@code name}, as a consumer with this validator accepts it. */
    private PublishedModel champion(String name) {
        String topic = topics.modelWeights();
        ModelRegistry registry;
        try {
            registry = RegistryTopic.load(settings, topic, validator, null, stall);
        } catch (IllegalStateException e) { // the registry's reader gave up at its deadline
            throw new BacktestException("cannot read the champion from " + topic + ": " + e.getMessage(), e);
        }
        return registry.active(name)
                .orElseThrow(() -> new BacktestException("no champion to compare with: no version of model '" + name
                        + "' is active on " + topic + " (publish one first, or give a model of another name)"));
    }

    /** One model scoring images as the scorer would: its own preprocessing contract, the chosen engine. */
    private final class Scoring implements AutoCloseable {

        private final ImagePreprocessor preprocessor;
        private final Classifier classifier;

        Scoring(ModelArtifact model) {
            this.preprocessor = new ImagePreprocessor(model.input().toPreprocessing(), limits);
            try {
                this.classifier = Classifiers.of(model, engine);
            } catch (InvalidModelException e) {
                throw new BacktestException("cannot score with model '" + model.name() + "' on engine " + engine + ": "
                        + e.getMessage(), e);
            }
        }

        /** Whether the model labels {@code image} as its truth says; null when its preprocessing refuses the image. */
        Boolean correct(LabelledImage image) {
            try {
                return Classifier.isCat(classifier.probability(preprocessor.toFeatures(image.bytes()))) == image.isCat();
            } catch (ImageRejectedException e) {
                return null;
            }
        }

        @Override
        public void close() {
            Classifiers.close(classifier);
        }
    }
}
