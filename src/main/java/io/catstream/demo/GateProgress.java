package io.catstream.demo;

import io.catstream.gate.RollbackWatch;
import io.catstream.metrics.GateMetrics;
import io.catstream.registry.GateDecision;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * The gate's evidence as it builds, read from the scorer's gate metrics ({@link GateMetrics}, the series
 * {@code catstream_gate_*} on /metrics), the way the console reads the truth metrics; and a decision as it was written.
 *
 * @param pairs             labelled images both models scored in the trial in progress (NaN before the first)
 * @param challengerWins    discordant images the challenger won
 * @param championWins      discordant images the champion won
 * @param statistic         Λ
 * @param promoteAt         ln(1/α)
 * @param rejectAt          ln(β)
 * @param rollbackStatistic the rollback watch's Λ (NaN before a watch)
 */
record GateProgress(double pairs, double challengerWins, double championWins, double statistic, double promoteAt,
                    double rejectAt, double rollbackStatistic) {

    /** Nothing counted yet. */
    static final GateProgress NONE = new GateProgress(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);

    /** The rollback watch's threshold, ln(1/α) with its default α. */
    static final double ROLLBACK_AT = Math.log(1 / RollbackWatch.Settings.against(0.9).falseRollbackRate());

    static GateProgress read(MeterRegistry registry, String modelName) {
        return new GateProgress(gauge(registry, GateMetrics.LABELLED_PAIRS, modelName, null, null),
                gauge(registry, GateMetrics.DISCORDANT, modelName, "side", "challenger"),
                gauge(registry, GateMetrics.DISCORDANT, modelName, "side", "champion"),
                gauge(registry, GateMetrics.STATISTIC, modelName, null, null),
                gauge(registry, GateMetrics.THRESHOLD, modelName, "bound", "promote"),
                gauge(registry, GateMetrics.THRESHOLD, modelName, "bound", "reject"),
                gauge(registry, GateMetrics.ROLLBACK_STATISTIC, modelName, null, null));
    }

    private static double gauge(MeterRegistry registry, String name, String modelName, String tag, String value) {
        var search = registry.find(name).tag("model_name", modelName);
        Gauge g = (tag == null ? search : search.tag(tag, value)).gauge();
        return g == null ? Double.NaN : g.value();
    }

    /**
     * {@code gate v2 vs v1: 84 labelled pairs (decides from 100), discordant v2 21 · v1 3, Λ 1.52 (promote ≥ 3.00,
     * reject ≤ -1.61)}, or that the first pair is awaited.
     */
    String trial(int champion, int challenger, long minLabelled) {
        if (Double.isNaN(pairs)) {
            return String.format(Locale.ROOT, "gate v%d vs v%d: shadow-scoring, no labelled pair yet", challenger, champion);
        }
        return String.format(Locale.ROOT, "gate v%d vs v%d: %,d labelled pairs (decides from %,d), discordant v%d %,d · v%d %,d, "
                        + "Λ %.2f (promote ≥ %.2f, reject ≤ %.2f)", challenger, champion, (long) pairs, minLabelled,
                challenger, (long) challengerWins, champion, (long) championWins, statistic, promoteAt, rejectAt);
    }

    /** {@code rollback watch v3: Λ 0.81 (rolls back at ≥ 3.00)}; empty before a watch. */
    String watch(int champion) {
        if (Double.isNaN(rollbackStatistic)) {
            return "";
        }
        return String.format(Locale.ROOT, "rollback watch v%d: Λ %.2f (rolls back at ≥ %.2f)", champion, rollbackStatistic,
                ROLLBACK_AT);
    }

    /** One line for a decision on the registry: who decided what, signed by which key, on what evidence. */
    static String decision(GateDecision d) {
        String who = d.automatic() ? "automatic" : "by a person";
        String key = d.keyId() == null ? "unsigned" : "signed by key " + d.keyId();
        String what = switch (d.outcome()) {
            case PROMOTE -> String.format(Locale.ROOT, "promote v%d over v%d", d.challengerVersion(), d.championVersion());
            case REJECT -> String.format(Locale.ROOT, "reject v%d (v%d stays)", d.challengerVersion(), d.championVersion());
            case ROLLBACK -> String.format(Locale.ROOT, "roll back v%d to v%d", d.challengerVersion(), d.championVersion());
            case WATCH_ENDED -> String.format(Locale.ROOT, "rollback watch of v%d (activated over v%d) ended",
                    d.challengerVersion(), d.championVersion());
        };
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "==> decision %s: %s, %s, %s", d.key(), what, who, key));
        GateDecision.Evidence e = d.evidence();
        if (e != null) {
            line.append(String.format(Locale.ROOT, "; evidence: %,d labelled pairs, discordant v%d %,d · v%d %,d, Λ %.3f "
                            + "(promote ≥ %.3f, reject ≤ %.3f)", e.counts().labelled(), d.challengerVersion(),
                    e.counts().challengerOnly(), d.championVersion(), e.counts().championOnly(), e.statistic(), e.promoteAt(),
                    e.rejectAt()));
            if (e.windowStart() != null && e.windowEnd() != null) {
                line.append(String.format(Locale.ROOT, " over %d s of truth", Duration.between(e.windowStart(), e.windowEnd()).toSeconds()));
            }
        }
        line.append("; ").append(d.reason());
        return line.toString();
    }
}
