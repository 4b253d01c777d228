package io.catstream.cli;

import io.catstream.model.BacktestResult;
import io.catstream.model.DataLineage;
import java.util.Locale;

/** A backtest's result for people, the same in {@code backtest}, {@code publish --backtest} and {@code models show}. */
final class BacktestReport {

    private BacktestReport() {
    }

    /**
     * The range and where the champion's outcomes came from, the McNemar table, the rule, then the one-line summary:
     * <pre>
     * backtest of m.model against the champion cats@1: 44 images with truth of cluster …, images 0:[0, 44) …, sha256 …
     * champion's outcomes: 40 labels it gave (labelled-predictions), 4 re-scored with cats@1 from the registry
     * left out: {no-truth=1}
     *                  champion right  champion wrong
     *   model right                 0              11
     *   model wrong                33               0
     * rule: worse-clearly when … (alpha 0.05)
     * backtest worse-clearly: 44 images, model 0.250, champion 0.750 (cats@1), …
     * </pre>
     */
    static String text(String what, BacktestResult r) {
        String nl = System.lineSeparator();
        return "backtest of " + what + " against the champion " + r.championName() + "@" + r.championVersion() + ": "
                + range(r) + nl
                + "champion's outcomes: " + r.championLabelled() + " labels it gave (labelled-predictions), "
                + r.championRescored() + " re-scored with " + r.championName() + "@" + r.championVersion()
                + " from the registry" + nl
                + "left out: " + (r.leftOut().isEmpty() ? "none" : r.leftOut().toString()) + nl
                + String.format(Locale.ROOT, "%14s %15s %15s%n", "", "champion right", "champion wrong")
                + String.format(Locale.ROOT, "%14s %15d %15d%n", "model right", r.bothRight(), r.modelOnly())
                + String.format(Locale.ROOT, "%14s %15d %15d%n", "model wrong", r.championOnly(), r.bothWrong())
                + "rule: " + BacktestResult.Verdict.RULE + " (alpha " + r.alpha() + ")" + nl
                + r.summary();
    }

    /** {@code 44 images with truth of cluster …, since …, images 0:[0, 44) 1:[0, 40), sha256 …}. */
    static String range(BacktestResult r) {
        StringBuilder text = new StringBuilder().append(r.images()).append(" images with truth of cluster ").append(r.clusterId());
        if (r.since() != null) {
            text.append(", since ").append(r.since());
        }
        if (r.until() != null) {
            text.append(", until ").append(r.until());
        }
        r.ranges().stream().map(DataLineage.OffsetRange::topic).distinct().forEach(topic -> {
            text.append(", ").append(topic);
            r.ranges().stream().filter(x -> x.topic().equals(topic) && x.count() > 0).forEach(x -> text.append(' ')
                    .append(x.partition()).append(":[").append(x.from()).append(", ").append(x.to()).append(')'));
        });
        return text.append(", sha256 ").append(r.datasetSha256()).toString();
    }
}
