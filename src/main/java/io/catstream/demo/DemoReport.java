package io.catstream.demo;

import io.catstream.metrics.ConfusionCounts;
import io.catstream.metrics.DriftMetrics;
import io.catstream.metrics.LabelDelay;
import io.catstream.metrics.TruthMetrics;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.StringJoiner;

/** The demo's console lines: one compact status line every few seconds, and the summary at the end. */
final class DemoReport {

    private DemoReport() {
    }

    /**
     * {@code [  35 s] sent 700 · scored 698 · dead-lettered 0 · 19.9 images/s · active v1 · accuracy from truth v1 58.2 % of 520}
     */
    static String line(Duration elapsed, long sent, long scored, long deadLettered, double perSecond, int activeVersion,
                       SortedMap<Integer, ConfusionCounts> byVersion) {
        return String.format(Locale.ROOT, "[%4d s] sent %,d · scored %,d · dead-lettered %,d · %.1f images/s · active %s · accuracy from truth %s",
                elapsed.toSeconds(), sent, scored, deadLettered, perSecond, activeVersion == 0 ? "none" : "v" + activeVersion,
                accuracies(byVersion));
    }

    /** {@code v1 58.2 % of 520 | v2 71.0 % of 120}, or {@code –} before any labelled image was scored. */
    static String accuracies(SortedMap<Integer, ConfusionCounts> byVersion) {
        if (byVersion.isEmpty()) {
            return "–";
        }
        StringJoiner joined = new StringJoiner(" | ");
        for (Map.Entry<Integer, ConfusionCounts> e : byVersion.entrySet()) {
            joined.add(String.format(Locale.ROOT, "v%d %.1f %% of %,d", e.getKey(), 100 * e.getValue().accuracy(),
                    e.getValue().total()));
        }
        return joined.toString();
    }

    /**
     * {@code v1 55.3 % | v2 81.0 % (PSI p(cat) 0.04, brightness 0.02)}: the accuracy estimated from the probabilities
     * over the drift window (issue #17), for beside the accuracy from truth; PSI when the model has a reference.
     */
    static String estimates(SortedMap<Integer, DriftMetrics.VersionHealth> health) {
        StringJoiner joined = new StringJoiner(" | ");
        health.values().stream().filter(h -> h.images() > 0).forEach(h -> joined.add(
                String.format(Locale.ROOT, "v%d %.1f %%", h.version(), 100 * h.estimatedAccuracy())
                        + (h.reference() == null ? "" : String.format(Locale.ROOT, " (PSI p(cat) %.2f, brightness %.2f)",
                        h.psiProbability(), h.psiBrightness()))));
        return joined.length() == 0 ? "–" : joined.toString();
    }

    /**
     * {@code 312 joined, delay p50 9.8 s p95 18.9 s, coverage v1 58 % | v2 61 %}: how much truth came, how late
     * (from the truth delay histogram) and for what share of each version's images; {@code –} before any.
     */
    static String truth(TruthMetrics truth) {
        LabelDelay delay = truth.labelDelay();
        if (delay.count() == 0) {
            return "–";
        }
        StringJoiner coverage = new StringJoiner(" | ");
        truth.byVersion().values().forEach(v -> coverage.add(
                String.format(Locale.ROOT, "v%d %.0f %%", v.version(), 100 * v.coverage())));
        return String.format(Locale.ROOT, "%,d joined, delay p50 %.1f s p95 %.1f s, coverage %s", truth.matchedTotal(),
                delay.p50Seconds(), delay.p95Seconds(), coverage);
    }

    /** Per-version result lines for the end of the run. */
    static String summary(SortedMap<Integer, ConfusionCounts> byVersion) {
        if (byVersion.isEmpty()) {
            return "  no labelled image was scored";
        }
        StringJoiner lines = new StringJoiner("\n");
        byVersion.forEach((version, c) -> lines.add(String.format(Locale.ROOT,
                "  v%d: accuracy %.1f %% on %,d labelled images (cats right %,d, wrong %,d; non-cats right %,d, wrong %,d)",
                version, 100 * c.accuracy(), c.total(), c.truePositives(), c.falseNegatives(), c.trueNegatives(),
                c.falsePositives())));
        return lines.toString();
    }
}
