package io.catstream.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The gate task's meters (docs/gate.md, "Metrics"): the trial in progress (labelled pairs, discordant images each
 * side won, the statistic against its two thresholds), the rollback watch's statistic, decisions by outcome and
 * automatic rollbacks. Only the instance that holds the gate task moves them; the others export NaN gauges and zero
 * counters, so a dashboard takes max() over instances. Tags: {@code model_name}, {@code outcome}, {@code guardrail},
 * {@code reason}, {@code side}, {@code bound}, never a version (a trial's versions are in the decision record).
 * Thread-safe.
 */
public final class GateMetrics {

    public static final String LABELLED_PAIRS = "catstream.gate.labelled.pairs";
    public static final String DISCORDANT = "catstream.gate.discordant";
    public static final String STATISTIC = "catstream.gate.statistic";
    public static final String THRESHOLD = "catstream.gate.threshold";
    public static final String SHADOWED = "catstream.gate.shadowed";
    public static final String DECISIONS = "catstream.gate.decisions";
    public static final String NOT_WRITTEN = "catstream.gate.decisions.not.written";
    public static final String ROLLBACK_STATISTIC = "catstream.gate.rollback.statistic";
    public static final String ROLLBACKS = "catstream.gate.rollbacks";

    /** Guardrail tag of a decision the statistic made (not a guardrail). */
    public static final String NO_GUARDRAIL = "none";

    private final MeterRegistry registry;
    private final String modelName;
    private volatile double pairs = Double.NaN;
    private volatile double challengerWins = Double.NaN;
    private volatile double championWins = Double.NaN;
    private volatile double statistic = Double.NaN;
    private volatile double promoteAt = Double.NaN;
    private volatile double rejectAt = Double.NaN;
    private volatile double shadowed = Double.NaN;
    private volatile double rollbackStatistic = Double.NaN;
    private final Counter rollbacks;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    /**
     * @param guardrails  guardrail names, registered at zero beside {@link #NO_GUARDRAIL}
     * @param notWritten  reasons a final verdict is not written, registered at zero
     */
    public GateMetrics(ScoringMetrics scoring, String modelName, List<String> guardrails, List<String> notWritten) {
        this.registry = scoring.registry();
        this.modelName = modelName;
        gauge(LABELLED_PAIRS, "Labelled images both champion and challenger scored in the trial in progress", g -> g.pairs, null, null);
        gauge(DISCORDANT, "Discordant labelled images the side won in the trial in progress", g -> g.challengerWins, "side", "challenger");
        gauge(DISCORDANT, "Discordant labelled images the side won in the trial in progress", g -> g.championWins, "side", "champion");
        gauge(STATISTIC, "The gate's log likelihood ratio in the trial in progress", g -> g.statistic, null, null);
        gauge(THRESHOLD, "The gate's thresholds: promote at ln(1/alpha), reject at ln(beta)", g -> g.promoteAt, "bound", "promote");
        gauge(THRESHOLD, "The gate's thresholds: promote at ln(1/alpha), reject at ln(beta)", g -> g.rejectAt, "bound", "reject");
        gauge(SHADOWED, "Images the challenger shadow-scored in the trial in progress", g -> g.shadowed, null, null);
        gauge(ROLLBACK_STATISTIC, "The rollback watch's log likelihood ratio (rolls back at ln(1/alpha))",
                g -> g.rollbackStatistic, null, null);
        rollbacks = Counter.builder(ROLLBACKS).tag("model_name", modelName)
                .description("Automatic rollbacks written by the gate task").register(registry);
        for (String outcome : List.of("promote", "reject", "rollback", "watch-ended")) {
            decision(outcome, NO_GUARDRAIL);
        }
        guardrails.forEach(g -> decision("reject", g));
        notWritten.forEach(r -> counter(NOT_WRITTEN, "reason", r, "Final verdicts the gate task did not write, by reason"));
    }

    private void gauge(String name, String description, java.util.function.ToDoubleFunction<GateMetrics> value,
                       String tag, String tagValue) {
        Gauge.Builder<GateMetrics> b = Gauge.builder(name, this, value).tag("model_name", modelName).description(description);
        if (tag != null) {
            b.tag(tag, tagValue);
        }
        b.register(registry);
    }

    /** The trial in progress after one more pair. */
    public void trial(long labelledPairs, long challengerWon, long championWon, double lambda, double promote, double reject) {
        pairs = labelledPairs;
        challengerWins = challengerWon;
        championWins = championWon;
        statistic = lambda;
        promoteAt = promote;
        rejectAt = reject;
    }

    public void shadowed(long images) {
        shadowed = images;
    }

    public void rollbackStatistic(double lambda) {
        rollbackStatistic = lambda;
    }

    /** A decision written to {@code model-weights}. */
    public Counter decision(String outcome, String guardrail) {
        Counter c = counters.computeIfAbsent(DECISIONS + outcome + "/" + guardrail, k -> Counter.builder(DECISIONS)
                .tag("model_name", modelName).tag("outcome", outcome).tag("guardrail", guardrail)
                .description("Decisions the gate task wrote, by outcome (and the guardrail of an early rejection)")
                .register(registry));
        return c;
    }

    public void decided(String outcome, String guardrail) {
        decision(outcome, guardrail).increment();
        if ("rollback".equals(outcome)) {
            rollbacks.increment();
        }
    }

    /** A final verdict not written ({@code pinned}, {@code superseded}, {@code already-decided}, {@code no-signing-key}). */
    public void notWritten(String reason) {
        counter(NOT_WRITTEN, "reason", reason, "Final verdicts the gate task did not write, by reason").increment();
    }

    private Counter counter(String name, String tag, String value, String description) {
        return counters.computeIfAbsent(name + tag + value, k -> Counter.builder(name).tag("model_name", modelName)
                .tag(tag, value).description(description).register(registry));
    }
}
