package io.catstream.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of {@code catstream retrain --every --metrics-port} (docs/retraining.md, "Metrics"): what each round did,
 * when the last round of each outcome ended, and what the last data set and model were, so that a loop that keeps
 * failing or skipping, or has stopped, shows on a dashboard instead of only in its log.
 *
 * <ul>
 *   <li>{@code catstream_retrain_rounds_total{outcome, reason}}: outcome {@code published}, {@code skipped} (reason: the
 *       skip's code, e.g. {@code too-few-examples}) or {@code failed} (reason {@code error}); the published and failed
 *       series are registered at zero, so {@code increase()} sees the first one.</li>
 *   <li>{@code catstream_retrain_last_round_timestamp_seconds{outcome}}: when the last round of that outcome ended
 *       (Unix seconds); absent until one has.</li>
 *   <li>{@code catstream_retrain_round_seconds}: how long rounds take (count, sum, max).</li>
 *   <li>{@code catstream_retrain_examples}: images with truth in the last data set read;
 *       {@code catstream_retrain_test_accuracy}: the last published model's accuracy on its round's test split.</li>
 * </ul>
 */
public final class RetrainMetrics {

    public static final String ROUNDS = "catstream.retrain.rounds";
    public static final String LAST_ROUND = "catstream.retrain.last.round.timestamp";
    public static final String ROUND_TIME = "catstream.retrain.round";
    public static final String EXAMPLES = "catstream.retrain.examples";
    public static final String TEST_ACCURACY = "catstream.retrain.test.accuracy";

    public static final String PUBLISHED = "published";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";
    private static final String NO_REASON = "none";
    private static final String ERROR = "error";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer roundTime;
    private final Map<String, AtomicLong> lastRoundMillis = new ConcurrentHashMap<>();
    private volatile double examples = Double.NaN;
    private volatile double testAccuracy = Double.NaN;

    public RetrainMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.roundTime = Timer.builder(ROUND_TIME).description("How long a retraining round took").register(registry);
        rounds(PUBLISHED, NO_REASON);
        rounds(FAILED, ERROR);
        Gauge.builder(EXAMPLES, this, m -> m.examples)
                .description("Images with truth in the last data set a round read").register(registry);
        Gauge.builder(TEST_ACCURACY, this, m -> m.testAccuracy)
                .description("The last published model's accuracy on its round's test split").register(registry);
    }

    /** A round that published a model; {@code testAccuracy} null when it had no test split. */
    public void published(long examplesRead, Double testAccuracy, Duration took) {
        examples = examplesRead;
        this.testAccuracy = testAccuracy == null ? Double.NaN : testAccuracy;
        ended(PUBLISHED, NO_REASON, took);
    }

    /** A round that published nothing, for {@code reason} (a skip code); {@code examplesRead} null when it read no data. */
    public void skipped(String reason, Long examplesRead, Duration took) {
        if (examplesRead != null) {
            examples = examplesRead;
        }
        ended(SKIPPED, reason, took);
    }

    /** A round that failed (the cluster away, a refusal): the loop goes on to the next. */
    public void failed(Duration took) {
        ended(FAILED, ERROR, took);
    }

    private void ended(String outcome, String reason, Duration took) {
        rounds(outcome, reason).increment();
        roundTime.record(took);
        lastRoundMillis.computeIfAbsent(outcome, o -> {
            AtomicLong at = new AtomicLong();
            Gauge.builder(LAST_ROUND, at, v -> v.get() / 1e3).tag("outcome", o).baseUnit("seconds")
                    .description("When the last retraining round of this outcome ended (Unix time)").register(registry);
            return at;
        }).set(clock.millis());
    }

    private Counter rounds(String outcome, String reason) {
        return Counter.builder(ROUNDS).tags(List.of(Tag.of("outcome", outcome), Tag.of("reason", reason)))
                .description("Retraining rounds by outcome and reason").register(registry);
    }
}
