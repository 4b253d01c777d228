package io.catstream.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every meter of the scorer, named once. Dotted names with a base unit; Prometheus sees them as
 * {@code catstream_images_scored_total}, {@code catstream_scoring_seconds_bucket}, ... (docs/streaming.md lists
 * them; alert rules and dashboards depend on these exact names: do not rename). Tags are few and bounded:
 * {@code model_version}, {@code reason}, {@code predicted}, {@code actual}, never an image id. Thread-safe.
 */
public final class ScoringMetrics {

    public static final String IMAGES_RECEIVED = "catstream.images.received";
    public static final String IMAGES_SCORED = "catstream.images.scored";
    public static final String IMAGES_DEAD_LETTERED = "catstream.images.dead.lettered";
    public static final String PREDICTIONS = "catstream.predictions";
    public static final String ACCURACY = "catstream.accuracy";
    public static final String MODEL_ACTIVE_VERSION = "catstream.model.active.version";
    public static final String MODEL_SWAPS = "catstream.model.swaps";
    public static final String MODELS_REFUSED = "catstream.models.refused";
    public static final String SCORING = "catstream.scoring";
    public static final String SCORING_STAGE = "catstream.scoring.stage";
    public static final String END_TO_END = "catstream.end.to.end";
    public static final String MODEL_AGE = "catstream.model.age";
    public static final String MODEL_SWAP_LATENCY = "catstream.model.swap.latency";
    public static final String KAFKA_ERRORS = "catstream.kafka.errors";

    public static final String CAT = "cat";
    public static final String NOT_CAT = "not-cat";
    public static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter received;
    private final Counter swaps;
    private final Timer scoring;
    private final Timer preprocess;
    private final Timer forward;
    private final Timer endToEnd;
    private final Timer swapLatency;
    private final AtomicReference<Instant> activePublishedAt = new AtomicReference<>();
    private volatile double activeVersion = 0;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, VersionAccuracy> accuracy = new ConcurrentHashMap<>();

    public ScoringMetrics(MeterRegistry registry, String modelName, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        received = Counter.builder(IMAGES_RECEIVED).description("Image records read from the images topic").register(registry);
        swaps = Counter.builder(MODEL_SWAPS).description("Times the active model changed").register(registry);
        scoring = latencyTimer(SCORING, "Preprocess (decode, resize, scale) plus forward pass of one image").register(registry);
        preprocess = latencyTimer(SCORING_STAGE, "One stage of scoring").tag("stage", "preprocess").register(registry);
        forward = latencyTimer(SCORING_STAGE, "One stage of scoring").tag("stage", "forward").register(registry);
        endToEnd = latencyTimer(END_TO_END, "Record timestamp (produce time) to scored").register(registry);
        swapLatency = Timer.builder(MODEL_SWAP_LATENCY)
                .description("Model publish (catstream.published-at) to the first image scored by it").register(registry);
        Gauge.builder(MODEL_ACTIVE_VERSION, this, m -> m.activeVersion).tag("model_name", modelName)
                .description("Version of the active model, 0 when none").register(registry);
        Gauge.builder(MODEL_AGE, this, ScoringMetrics::modelAgeSeconds).tag("model_name", modelName).baseUnit("seconds")
                .description("Seconds since the active model was published, NaN when none").register(registry);
    }

    private static Timer.Builder latencyTimer(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30));
    }

    /**
     * Registers the labelled counters at zero for every reason they can carry, so dashboards and alert rules see
     * the series (and a first increase) from the start.
     */
    public ScoringMetrics withKnownReasons(Iterable<String> deadLetterReasons, Iterable<String> refusalReasons) {
        deadLetterReasons.forEach(r -> counter(IMAGES_DEAD_LETTERED, "reason", r));
        refusalReasons.forEach(r -> counter(MODELS_REFUSED, "reason", r));
        return this;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void received() {
        received.increment();
    }

    /** One image scored by {@code version}, with the time of its stages and the record's timestamp. */
    public void scored(int version, long preprocessNanos, long forwardNanos, long recordTimestampMillis) {
        counter(IMAGES_SCORED, "model_version", Integer.toString(version)).increment();
        preprocess.record(preprocessNanos, TimeUnit.NANOSECONDS);
        forward.record(forwardNanos, TimeUnit.NANOSECONDS);
        scoring.record(preprocessNanos + forwardNanos, TimeUnit.NANOSECONDS);
        long lag = clock.millis() - recordTimestampMillis;
        if (lag >= 0) {
            endToEnd.record(lag, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A prediction, with the truth of the image's {@code label} header if it had one. The accuracy is not counted
     * here but from the truth join ({@link #labelled}), which sees header truth and later truth alike.
     */
    public void predicted(int version, boolean predictedCat, Boolean actualCat) {
        String v = Integer.toString(version);
        counter(PREDICTIONS, "model_version", v, "predicted", predictedCat ? CAT : NOT_CAT,
                "actual", actualCat == null ? UNKNOWN : actualCat ? CAT : NOT_CAT).increment();
    }

    /** A prediction joined with its truth (one {@code labelled-predictions} record): the per-version accuracy. */
    public void labelled(int version, boolean predictedCat, boolean actualCat) {
        accuracy.computeIfAbsent(version, this::newAccuracy).add(predictedCat, actualCat);
    }

    public void deadLettered(String reason) {
        counter(IMAGES_DEAD_LETTERED, "reason", reason).increment();
    }

    public void modelRefused(String reason) {
        counter(MODELS_REFUSED, "reason", reason).increment();
    }

    /** A Kafka-side error the app continued after (production or deserialization handler). */
    public void kafkaError(String kind) {
        counter(KAFKA_ERRORS, "kind", kind).increment();
    }

    public void modelActivated(int version, Instant publishedAt, boolean swap) {
        activeVersion = version;
        activePublishedAt.set(publishedAt);
        if (swap) {
            swaps.increment();
        }
    }

    public void firstScoredAfterPublish(Duration sincePublish) {
        if (!sincePublish.isNegative()) {
            swapLatency.record(sincePublish);
        }
    }

    /** Accuracy so far of {@code version} in this instance, NaN when no labelled image was scored by it. */
    public double accuracy(int version) {
        VersionAccuracy a = accuracy.get(version);
        return a == null ? Double.NaN : a.counts.get().accuracy();
    }

    /** Confusion counts of every version that scored a labelled image in this instance, by version. */
    public java.util.SortedMap<Integer, ConfusionCounts> accuracyByVersion() {
        java.util.SortedMap<Integer, ConfusionCounts> out = new java.util.TreeMap<>();
        accuracy.forEach((version, a) -> out.put(version, a.counts.get()));
        return out;
    }

    /** Image records read so far. */
    public long receivedTotal() {
        return (long) received.count();
    }

    /** Images labelled so far, all versions. */
    public long scoredTotal() {
        return (long) sum(IMAGES_SCORED);
    }

    /** Dead letters written so far, all reasons. */
    public long deadLetteredTotal() {
        return (long) sum(IMAGES_DEAD_LETTERED);
    }

    private double sum(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    public Timer scoringTimer() {
        return scoring;
    }

    public Timer preprocessTimer() {
        return preprocess;
    }

    public Timer forwardTimer() {
        return forward;
    }

    public Timer endToEndTimer() {
        return endToEnd;
    }

    public Timer swapLatencyTimer() {
        return swapLatency;
    }

    private double modelAgeSeconds() {
        Instant at = activePublishedAt.get();
        return at == null ? Double.NaN : Duration.between(at, clock.instant()).toMillis() / 1000.0;
    }

    private Counter counter(String name, String... tags) {
        String key = name + String.join("\u0000", tags);
        Counter c = counters.get(key);
        return c != null ? c : counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
    }

    private VersionAccuracy newAccuracy(int version) {
        VersionAccuracy a = new VersionAccuracy();
        Gauge.builder(ACCURACY, a, x -> x.counts.get().accuracy()).tag("model_version", Integer.toString(version))
                .description("Accuracy of a model version on labelled images since this instance started").register(registry);
        return a;
    }

    private static final class VersionAccuracy {
        final AtomicReference<ConfusionCounts> counts = new AtomicReference<>(ConfusionCounts.EMPTY);

        void add(boolean predictedCat, boolean actualCat) {
            counts.updateAndGet(c -> c.plus(predictedCat, actualCat));
        }
    }
}
