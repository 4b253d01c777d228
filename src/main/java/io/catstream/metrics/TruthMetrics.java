package io.catstream.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of the truth join (docs/truth.md): predictions matched with truth, truth that matched nothing (and
 * why), truth records dead-lettered, the truth's delay and each version's truth coverage. The accuracy gauge
 * ({@code catstream_accuracy}) stays with {@link ScoringMetrics} and is fed from here, from the joined stream only:
 * one definition of accuracy, header truth being truth with delay 0. Thread-safe.
 */
public final class TruthMetrics {

    public static final String MATCHED = "catstream.truth.matched";
    public static final String UNMATCHED = "catstream.truth.unmatched";
    public static final String DEAD_LETTERED = "catstream.truth.dead.lettered";
    public static final String DELAY = "catstream.truth.delay";
    public static final String COVERAGE = "catstream.truth.coverage";
    public static final String MODEL_TEST_ACCURACY = "catstream.model.test.accuracy";

    /** Truth for an image whose prediction expired from the join (scored more than a truth window earlier). */
    public static final String LATE = "late";
    /** Truth that met no prediction within the truth window. */
    public static final String UNKNOWN = "unknown";
    /** Truth that contradicts the first truth of its image (the first wins). */
    public static final String CONFLICT = "conflict";
    /** Truth repeating the first truth of its image. */
    public static final String DUPLICATE = "duplicate";

    private final ScoringMetrics scoring;
    private final MeterRegistry registry;
    private final Duration window;
    private final Clock clock;
    private final Timer delay;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, RecentRatio> coverage = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Double> testAccuracy = new ConcurrentHashMap<>();

    /**
     * @param window the truth window: coverage is counted over the last one
     * @param deadLetterReasons registered at zero, so a first increase shows
     */
    public TruthMetrics(ScoringMetrics scoring, Duration window, Iterable<String> deadLetterReasons, Clock clock) {
        this.scoring = scoring;
        this.registry = scoring.registry();
        this.window = window;
        this.clock = clock;
        this.delay = Timer.builder(DELAY).description("Truth time minus scored time of each prediction joined with truth "
                        + "(0 for truth given before the image was scored)")
                .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
                        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
                        Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1))
                .register(registry);
        for (String reason : new String[] {LATE, UNKNOWN, CONFLICT, DUPLICATE}) {
            counter(UNMATCHED, "reason", reason);
        }
        deadLetterReasons.forEach(r -> counter(DEAD_LETTERED, "reason", r));
    }

    public Duration window() {
        return window;
    }

    /** A prediction entered the join (every scored image): the denominator of its version's coverage. */
    public void predicted(int version) {
        coverage(version).addDenominator();
    }

    /** A prediction met its truth: one {@code labelled-predictions} record. */
    public void matched(int version, boolean predictedCat, boolean actualCat, long delayMillis) {
        counter(MATCHED, "model_version", Integer.toString(version)).increment();
        delay.record(Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        coverage(version).addNumerator();
        scoring.labelled(version, predictedCat, actualCat);
    }

    /** Truth that joined nothing: {@link #LATE}, {@link #UNKNOWN}, {@link #CONFLICT} or {@link #DUPLICATE}. */
    public void unmatched(String reason) {
        counter(UNMATCHED, "reason", reason).increment();
    }

    public void deadLettered(String reason) {
        counter(DEAD_LETTERED, "reason", reason).increment();
    }

    /** The test accuracy {@code version} was published with: what the accuracy from truth is compared with. */
    public void modelTestAccuracy(int version, double accuracy) {
        if (testAccuracy.put(version, accuracy) == null) {
            Gauge.builder(MODEL_TEST_ACCURACY, testAccuracy, m -> m.getOrDefault(version, Double.NaN))
                    .tag("model_version", Integer.toString(version))
                    .description("Test accuracy recorded in the model file of a version activated in this instance")
                    .register(registry);
        }
    }

    /** Images with truth / images scored by {@code version} over the last window, NaN before any. */
    public double coverageOf(int version) {
        RecentRatio r = coverage.get(version);
        return r == null ? Double.NaN : r.ratio();
    }

    public double unmatchedCount(String reason) {
        return counter(UNMATCHED, "reason", reason).count();
    }

    public long matchedTotal() {
        return (long) registry.find(MATCHED).counters().stream().mapToDouble(Counter::count).sum();
    }

    public Timer delayTimer() {
        return delay;
    }

    /** How late truth came since this instance started (for the live view). */
    public LabelDelay labelDelay() {
        return LabelDelay.of(delay.takeSnapshot());
    }

    /** One version's truth, for the live view: its joins since start and its coverage over the last window. */
    public record VersionTruth(int version, long matched, double coverage) {
    }

    /** Every version that entered the join in this instance, by version. */
    public SortedMap<Integer, VersionTruth> byVersion() {
        SortedMap<Integer, VersionTruth> out = new TreeMap<>();
        coverage.forEach((version, ratio) -> {
            Counter matched = registry.find(MATCHED).tag("model_version", Integer.toString(version)).counter();
            out.put(version, new VersionTruth(version, matched == null ? 0 : (long) matched.count(), ratio.ratio()));
        });
        return out;
    }

    private RecentRatio coverage(int version) {
        RecentRatio r = coverage.get(version);
        return r != null ? r : coverage.computeIfAbsent(version, v -> {
            RecentRatio ratio = new RecentRatio(window, clock);
            Gauge.builder(COVERAGE, ratio, RecentRatio::ratio).tag("model_version", Integer.toString(v))
                    .description("Images that got truth / images scored, of a model version, over the last truth window")
                    .register(registry);
            return ratio;
        });
    }

    private Counter counter(String name, String... tags) {
        String key = name + String.join("\u0000", tags);
        Counter c = counters.get(key);
        return c != null ? c : counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
    }
}
