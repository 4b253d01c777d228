package io.catstream.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of shadow scoring and of the model roles (issue #13, docs/gate.md "Shadow scoring"), named once and
 * listed in monitoring/exported-series.txt. {@code model_version} is the challenger's version on the shadow series.
 * Thread-safe.
 */
public final class ShadowMetrics {

    public static final String SCORED = "catstream.shadow.scored";
    public static final String FAILURES = "catstream.shadow.failures";
    public static final String COMPARISONS = "catstream.shadow.comparisons";
    public static final String SCORING = "catstream.shadow.scoring";
    public static final String CHALLENGERS_REFUSED = "catstream.shadow.challengers.refused";
    public static final String MODEL_ROLE = "catstream.model.role";

    public static final String AGREE = "agree";
    public static final String DISAGREE = "disagree";
    public static final String CHAMPION = "champion";
    public static final String CHALLENGER = "challenger";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> roles = new ConcurrentHashMap<>();

    public ShadowMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the refusal counter at zero for every reason, so a first increase is seen. */
    public ShadowMetrics withKnownRefusals(Iterable<String> reasons) {
        reasons.forEach(r -> counter(CHALLENGERS_REFUSED, "reason", r));
        return this;
    }

    /** The challenger {@code version} scored an image in {@code nanos} (its forward pass, plus its own preprocessing if any). */
    public void scored(int version, boolean agree, long nanos) {
        String v = Integer.toString(version);
        counter(SCORED, "model_version", v).increment();
        counter(COMPARISONS, "model_version", v, "outcome", agree ? AGREE : DISAGREE).increment();
        timer(v).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The challenger {@code version} failed on an image ({@code reason}); the champion's label stood. */
    public void failed(int version, String reason, long nanos) {
        String v = Integer.toString(version);
        counter(FAILURES, "model_version", v, "reason", reason).increment();
        timer(v).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A challenger that could not be prepared for scoring (it is not shadow-scored). */
    public void challengerRefused(String reason) {
        counter(CHALLENGERS_REFUSED, "reason", reason).increment();
    }

    /**
     * The roles on the registry now: {@code catstream_model_role{model_version, role}} is 1 for the champion and the
     * challenger, 0 for a version that held a role before in this instance.
     *
     * @param challenger null when there is none
     */
    public void roles(Integer champion, Integer challenger) {
        roles.values().forEach(g -> g.set(0));
        if (champion != null) {
            role(champion, CHAMPION).set(1);
        }
        if (challenger != null) {
            role(challenger, CHALLENGER).set(1);
        }
    }

    /** Images the challenger {@code version} scored in this instance (failures excluded). */
    public long scoredTotal(int version) {
        return (long) count(SCORED, "model_version", Integer.toString(version));
    }

    public long failedTotal(int version) {
        return (long) registry.find(FAILURES).tag("model_version", Integer.toString(version)).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    public long agreedTotal(int version) {
        return (long) count(COMPARISONS, "model_version", Integer.toString(version), "outcome", AGREE);
    }

    /** Mean time the challenger {@code version} took per image in this instance, zero before its first. */
    public Duration meanScoringTime(int version) {
        Timer t = timers.get(Integer.toString(version));
        return t == null || t.count() == 0 ? Duration.ZERO : Duration.ofNanos((long) t.mean(TimeUnit.NANOSECONDS));
    }

    private double count(String name, String... tags) {
        Counter c = counters.get(key(name, tags));
        return c == null ? 0 : c.count();
    }

    private AtomicInteger role(int version, String role) {
        return roles.computeIfAbsent(version + "\u0000" + role, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(MODEL_ROLE, value, AtomicInteger::get).tag("model_version", Integer.toString(version))
                    .tag("role", role).description("1 when the version holds the role on the registry now, else 0")
                    .register(registry);
            return value;
        });
    }

    private Timer timer(String version) {
        Timer t = timers.get(version);
        return t != null ? t : timers.computeIfAbsent(version, v -> Timer.builder(SCORING)
                .description("The challenger's time per shadow-scored image (the champion's is catstream_scoring_stage)")
                .tag("model_version", v).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
    }

    private Counter counter(String name, String... tags) {
        String key = key(name, tags);
        Counter c = counters.get(key);
        return c != null ? c : counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
    }

    private static String key(String name, String... tags) {
        return name + "\u0000" + String.join("\u0000", tags);
    }
}
