package io.catstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.gate.GateSettings;
import io.catstream.gate.GateVerdict;
import io.catstream.gate.PairedCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * A decision on a challenger, written once under {@code <name>@decision-<challengerVersion>} (promote or reject),
 * {@code <name>@decision-<version>-rollback} (the rollback of a promoted version) or
 * {@code <name>@decision-<version>-watch-ended} (the gate's rollback watch of that champion ended without a rollback:
 * it holds, or there was nothing to watch), with the evidence a person needs to check it. The value is JSON
 * (docs/model-registry.md, "Roles"); the signature covers all of it.
 *
 * @param championVersion   the champion the challenger was compared with (for a rollback: the version restored; for
 *                          watch-ended: the champion it was activated over)
 * @param challengerVersion the version on trial (for a rollback: the version rolled back; for watch-ended: the
 *                          champion whose watch ended)
 * @param evidence          the gate's counts, statistic, thresholds, settings and window; null for a decision a
 *                          person made ({@code models promote|reject|rollback})
 * @param automatic         made by the gate or the rollback watch rather than by a person
 * @param keyId             id of the key that signed it, or null when unsigned
 */
public record GateDecision(String name, int championVersion, int challengerVersion, Outcome outcome, String reason,
                           Evidence evidence, Instant decidedAt, boolean automatic, String keyId) implements RegistryRecord {

    public enum Outcome {
        PROMOTE, REJECT, ROLLBACK,
        /**
         * The rollback watch of the champion {@code challengerVersion} ended without a rollback; changes no pointer.
         * Written so that scorers stop sending that champion's labelled predictions to the gate (docs/gate.md).
         */
        WATCH_ENDED;

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Outcome parse(String code) {
            for (Outcome o : values()) {
                if (o.code().equals(code)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("'decision' must be promote, reject, rollback or watch-ended, got '"
                    + code + "'");
        }
    }

    /**
     * What the gate saw when it decided.
     *
     * @param statistic the log likelihood ratio Λ; promoteAt = ln(1/α), rejectAt = ln(β)
     * @param guardrail the guardrail that rejected the challenger early, with its numbers; null when the test decided
     */
    public record Evidence(PairedCounts counts, double statistic, double promoteAt, double rejectAt,
                           GateSettings settings, Instant windowStart, Instant windowEnd, Guardrail guardrail) {

        public Evidence {
            Objects.requireNonNull(counts, "counts");
            Objects.requireNonNull(settings, "settings");
            if (!Double.isFinite(statistic) || !Double.isFinite(promoteAt) || !Double.isFinite(rejectAt)) {
                throw new IllegalArgumentException("the statistic and thresholds must be finite, got "
                        + statistic + ", " + promoteAt + ", " + rejectAt);
            }
        }

        /** The evidence of a final verdict of {@link io.catstream.gate.PromotionGate}. */
        public static Evidence of(GateVerdict verdict, GateSettings settings, Instant windowStart, Instant windowEnd) {
            return new Evidence(verdict.counts(), verdict.logLikelihoodRatio(), verdict.promoteAt(), verdict.rejectAt(),
                    settings, windowStart, windowEnd, null);
        }

        /** This evidence, for a rejection by {@code broken} (the McNemar table and statistic as they stood). */
        public Evidence withGuardrail(Guardrail broken) {
            return new Evidence(counts, statistic, promoteAt, rejectAt, settings, windowStart, windowEnd, broken);
        }
    }

    /**
     * The guardrail that rejected a challenger from its shadow scores alone (docs/gate.md, "Guardrails"), with the
     * numbers it compared, so that the signed record shows why without re-deriving it from the free-text reason.
     *
     * @param name                 {@code failures}, {@code latency} or {@code distribution}
     * @param observed             what broke the limit: the failure rate, the slowdown (the challenger's mean time over
     *                             the champion's) or the PSI of the challenger's p(cat) against the champion's
     * @param limit                the guardrail's threshold, which {@code observed} exceeded
     * @param shadowed             images the challenger shadow-scored in the trial
     * @param failures             of those, the ones it failed on
     * @param championMeanMicros   the champion's mean forward time on those images, in µs
     * @param challengerMeanMicros the challenger's mean forward time on the same images, in µs
     */
    public record Guardrail(String name, double observed, double limit, long shadowed, long failures,
                            double championMeanMicros, double challengerMeanMicros) {

        public Guardrail {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a guardrail needs a name");
            }
            if (!Double.isFinite(observed) || !Double.isFinite(limit) || shadowed < 0 || failures < 0 || failures > shadowed
                    || !(Double.isFinite(championMeanMicros) && championMeanMicros >= 0)
                    || !(Double.isFinite(challengerMeanMicros) && challengerMeanMicros >= 0)) {
                throw new IllegalArgumentException("invalid numbers of guardrail " + name + ": observed " + observed
                        + ", limit " + limit + ", " + failures + " failures of " + shadowed + " images, mean µs "
                        + championMeanMicros + " / " + challengerMeanMicros);
            }
        }
    }

    public GateDecision {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(decidedAt, "decidedAt");
        if (championVersion < 1 || challengerVersion < 1 || championVersion == challengerVersion) {
            throw new IllegalArgumentException("a decision compares two different versions >= 1, got champion "
                    + championVersion + " and challenger " + challengerVersion);
        }
        reason = reason == null ? "" : reason;
    }

    public RegistryKey key() {
        return outcome == Outcome.WATCH_ENDED ? RegistryKey.watchEnded(name, challengerVersion)
                : RegistryKey.decision(name, challengerVersion, outcome == Outcome.ROLLBACK);
    }

    public GateDecision withKeyId(String newKeyId) {
        return new GateDecision(name, championVersion, challengerVersion, outcome, reason, evidence, decidedAt, automatic, newKeyId);
    }

    public byte[] toJson() {
        ObjectNode node = RecordJson.object();
        node.put("name", name);
        node.put("championVersion", championVersion);
        node.put("challengerVersion", challengerVersion);
        node.put("decision", outcome.code());
        node.put("reason", reason);
        node.put("decidedAt", decidedAt.toString());
        node.put("automatic", automatic);
        if (evidence == null) {
            node.putNull("evidence");
        } else {
            ObjectNode e = node.putObject("evidence");
            PairedCounts c = evidence.counts();
            ObjectNode counts = e.putObject("counts");
            counts.put("bothRight", c.bothRight());
            counts.put("championOnly", c.championOnly());
            counts.put("challengerOnly", c.challengerOnly());
            counts.put("bothWrong", c.bothWrong());
            e.put("statistic", evidence.statistic());
            e.put("promoteAt", evidence.promoteAt());
            e.put("rejectAt", evidence.rejectAt());
            GateSettings s = evidence.settings();
            ObjectNode settings = e.putObject("settings");
            settings.put("alpha", s.falsePromotionRate());
            settings.put("beta", s.missRate());
            settings.put("p1", s.designWinShare());
            settings.put("minLabelled", s.minLabelled());
            settings.put("maxLabelled", s.maxLabelled());
            settings.put("maxDuration", s.maxDuration().toString());
            RecordJson.putInstant(e, "windowStart", evidence.windowStart());
            RecordJson.putInstant(e, "windowEnd", evidence.windowEnd());
            Guardrail g = evidence.guardrail();
            if (g != null) { // absent unless a guardrail decided: the records of a statistical verdict stay as they were
                ObjectNode guardrail = e.putObject("guardrail");
                guardrail.put("name", g.name());
                guardrail.put("observed", g.observed());
                guardrail.put("limit", g.limit());
                guardrail.put("shadowed", g.shadowed());
                guardrail.put("failures", g.failures());
                guardrail.put("championMeanMicros", g.championMeanMicros());
                guardrail.put("challengerMeanMicros", g.challengerMeanMicros());
            }
        }
        return RecordJson.bytes(node);
    }

    static GateDecision parse(byte[] value, String keyId) {
        JsonNode node = RecordJson.parseObject(value,
                "name, championVersion, challengerVersion, decision, reason, decidedAt, automatic, evidence");
        Outcome outcome = Outcome.parse(RecordJson.text(node, "decision"));
        int champion = RecordJson.version(node, "championVersion");
        int challenger = RecordJson.version(node, "challengerVersion");
        if (champion == challenger) {
            throw new IllegalArgumentException("'championVersion' and 'challengerVersion' are both " + champion);
        }
        JsonNode e = node.get("evidence");
        Evidence evidence = e == null || e.isNull() ? null : parseEvidence(e);
        return new GateDecision(RecordJson.text(node, "name"), champion, challenger, outcome,
                RecordJson.optionalText(node, "reason"), evidence, RecordJson.instant(node, "decidedAt"),
                RecordJson.flag(node, "automatic"), keyId);
    }

    private static Evidence parseEvidence(JsonNode e) {
        if (!e.isObject()) {
            throw new IllegalArgumentException("'evidence' must be null or an object");
        }
        JsonNode c = e.get("counts");
        JsonNode s = e.get("settings");
        if (c == null || !c.isObject() || s == null || !s.isObject()) {
            throw new IllegalArgumentException("'evidence' needs the objects 'counts' and 'settings'");
        }
        PairedCounts counts = new PairedCounts(RecordJson.count(c, "bothRight"), RecordJson.count(c, "championOnly"),
                RecordJson.count(c, "challengerOnly"), RecordJson.count(c, "bothWrong"));
        GateSettings settings;
        try {
            settings = new GateSettings(RecordJson.number(s, "alpha"), RecordJson.number(s, "beta"),
                    RecordJson.number(s, "p1"), RecordJson.count(s, "minLabelled"), RecordJson.count(s, "maxLabelled"),
                    Duration.parse(RecordJson.text(s, "maxDuration")));
        } catch (DateTimeParseException e2) {
            throw new IllegalArgumentException("'maxDuration' is not an ISO-8601 duration: " + e2.getParsedString(), e2);
        }
        JsonNode g = e.get("guardrail");
        Guardrail guardrail = g == null || g.isNull() ? null : parseGuardrail(g);
        return new Evidence(counts, RecordJson.number(e, "statistic"), RecordJson.number(e, "promoteAt"),
                RecordJson.number(e, "rejectAt"), settings, RecordJson.optionalInstant(e, "windowStart"),
                RecordJson.optionalInstant(e, "windowEnd"), guardrail);
    }

    private static Guardrail parseGuardrail(JsonNode g) {
        if (!g.isObject()) {
            throw new IllegalArgumentException("'guardrail' must be null or an object");
        }
        return new Guardrail(RecordJson.text(g, "name"), RecordJson.number(g, "observed"), RecordJson.number(g, "limit"),
                RecordJson.count(g, "shadowed"), RecordJson.count(g, "failures"), RecordJson.number(g, "championMeanMicros"),
                RecordJson.number(g, "challengerMeanMicros"));
    }
}
