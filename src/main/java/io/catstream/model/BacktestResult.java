package io.catstream.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A model re-scored on the retained images that have truth and compared with the champion on the same images
 * ({@code catstream backtest}, docs/retraining.md "Backtest"); the optional {@code backtest} section of a model header
 * once {@code publish --backtest} attached it, so the registry's signature covers it like every other header field.
 *
 * @param championName     the model name, whose active version was the champion
 * @param championVersion  the champion's version
 * @param bothRight        images both labelled correctly
 * @param modelOnly        images only the backtested model labelled correctly (it was right, the champion wrong)
 * @param championOnly     images only the champion labelled correctly
 * @param bothWrong        images both labelled wrongly
 * @param pWorse           exact one-sided McNemar p-value for "the model is worse": P(X ≤ modelOnly), X ~ Bin(discordant, ½)
 * @param pBetter          the same for "better": P(X ≥ modelOnly)
 * @param alpha            the level of both tests
 * @param verdict          what {@link Verdict#of} says of the two p-values at {@code alpha}
 * @param since            the first image time of the range, or null (from the log start, or explicit offsets)
 * @param until            the image time the range stopped before, or null (the end of the log at read time)
 * @param ranges           the offsets of {@code images} read, {@code [from, to)} per partition
 * @param clusterId        the Kafka cluster the images came from
 * @param datasetSha256    SHA-256 of the data set in canonical order (the lineage's hash: {@code dataset.DatasetHash})
 * @param championLabelled images whose champion outcome came from {@code labelled-predictions}
 * @param championRescored images the champion had no labelled prediction for, re-scored with it from the registry
 * @param leftOut          images of the range not compared, by reason ({@code no-truth}, {@code unreadable}, …)
 * @param ranAt            when the backtest ran
 */
public record BacktestResult(String championName, int championVersion, long bothRight, long modelOnly, long championOnly,
                             long bothWrong, double pWorse, double pBetter, double alpha, Verdict verdict, Instant since,
                             Instant until, List<DataLineage.OffsetRange> ranges, String clusterId, String datasetSha256,
                             long championLabelled, long championRescored, Map<String, Long> leftOut, Instant ranAt) {

    /** The three outcomes of a backtest, by the rule of {@link #of}. */
    public enum Verdict {
        BETTER("better"), NOT_WORSE("not-worse"), WORSE_CLEARLY("worse-clearly");

        /** The rule in words, as the output and docs/retraining.md state it. */
        public static final String RULE = "worse-clearly when P(X <= model-only | discordant, 1/2) <= alpha (the exact "
                + "one-sided McNemar test says the model is worse), better when P(X >= model-only | discordant, 1/2) <= "
                + "alpha, else not-worse";

        private final String code;

        Verdict(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        /**
         * worse-clearly when {@code pWorse <= alpha}, better when {@code pBetter <= alpha}, else not-worse. Both cannot
         * hold for alpha below ½: the two tails of one binomial count add up to at least 1.
         */
        public static Verdict of(double pWorse, double pBetter, double alpha) {
            if (pWorse <= alpha) {
                return WORSE_CLEARLY;
            }
            return pBetter <= alpha ? BETTER : NOT_WORSE;
        }

        public static Verdict parse(String code) {
            for (Verdict v : values()) {
                if (v.code.equals(code)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown backtest verdict '" + code + "': better, not-worse or worse-clearly");
        }
    }

    public BacktestResult {
        Objects.requireNonNull(championName, "championName");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(ranAt, "ranAt");
        if (championVersion < 1 || bothRight < 0 || modelOnly < 0 || championOnly < 0 || bothWrong < 0
                || championLabelled < 0 || championRescored < 0) {
            throw new IllegalArgumentException("backtest counts must be >= 0 and the champion version >= 1, got version "
                    + championVersion + ", counts " + bothRight + "/" + modelOnly + "/" + championOnly + "/" + bothWrong
                    + ", champion outcomes " + championLabelled + "+" + championRescored);
        }
        if (championLabelled + championRescored != bothRight + modelOnly + championOnly + bothWrong) {
            throw new IllegalArgumentException("the champion's outcomes (" + championLabelled + " labelled + "
                    + championRescored + " re-scored) must add up to the images compared ("
                    + (bothRight + modelOnly + championOnly + bothWrong) + ")");
        }
        for (double p : new double[] {pWorse, pBetter, alpha}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("backtest p-values and alpha must be in [0, 1], got " + p);
            }
        }
        if (!Sha256.isHex(datasetSha256)) {
            throw new IllegalArgumentException("backtest datasetSha256 must be 64 lower-case hex digits, got '" + datasetSha256 + "'");
        }
        // one order (topic, partition), as the header writes them, so a result read back equals the one written
        ranges = ranges.stream().sorted(Comparator.comparing(DataLineage.OffsetRange::topic)
                .thenComparingInt(DataLineage.OffsetRange::partition)).toList();
        leftOut = Map.copyOf(new TreeMap<>(leftOut));
    }

    /** Images compared (each had truth, and both models an outcome). */
    public long images() {
        return bothRight + modelOnly + championOnly + bothWrong;
    }

    /** Images exactly one of the two models labelled correctly: the only ones that say which is better. */
    public long discordant() {
        return modelOnly + championOnly;
    }

    /** NaN without images. */
    public double modelAccuracy() {
        return images() == 0 ? Double.NaN : (double) (bothRight + modelOnly) / images();
    }

    /** NaN without images. */
    public double championAccuracy() {
        return images() == 0 ? Double.NaN : (double) (bothRight + championOnly) / images();
    }

    /**
     * One line for people and logs: {@code backtest worse-clearly: 44 images, model 0.250, champion 0.750 (cats@1),
     * model right/champion wrong 11, champion right/model wrong 33, p(worse) 0.0008, p(better) 0.9999, alpha 0.05}.
     */
    public String summary() {
        return String.format(Locale.ROOT, "backtest %s: %d images, model %.3f, champion %.3f (%s@%d), model right/champion "
                        + "wrong %d, champion right/model wrong %d, p(worse) %.3g, p(better) %.3g, alpha %s", verdict.code(),
                images(), modelAccuracy(), championAccuracy(), championName, championVersion, modelOnly, championOnly,
                pWorse, pBetter, alpha);
    }
}
