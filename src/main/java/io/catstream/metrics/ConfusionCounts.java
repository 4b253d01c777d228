package io.catstream.metrics;

/**
 * True/false positives and negatives of labelled predictions ("positive" = cat), and the accuracy they give.
 * The aggregate of one model version over one accuracy window.
 */
public record ConfusionCounts(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

    public static final ConfusionCounts EMPTY = new ConfusionCounts(0, 0, 0, 0);

    public ConfusionCounts {
        if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got tp=" + truePositives + " fp=" + falsePositives
                    + " tn=" + trueNegatives + " fn=" + falseNegatives);
        }
    }

    /** These counts plus one prediction whose truth is known. */
    public ConfusionCounts plus(boolean predictedCat, boolean actuallyCat) {
        if (predictedCat) {
            return actuallyCat ? new ConfusionCounts(truePositives + 1, falsePositives, trueNegatives, falseNegatives)
                    : new ConfusionCounts(truePositives, falsePositives + 1, trueNegatives, falseNegatives);
        }
        return actuallyCat ? new ConfusionCounts(truePositives, falsePositives, trueNegatives, falseNegatives + 1)
                : new ConfusionCounts(truePositives, falsePositives, trueNegatives + 1, falseNegatives);
    }

    /** These counts and {@code other}'s together: adds a pre-aggregated delta into a window's counts. */
    public ConfusionCounts plus(ConfusionCounts other) {
        return new ConfusionCounts(truePositives + other.truePositives, falsePositives + other.falsePositives,
                trueNegatives + other.trueNegatives, falseNegatives + other.falseNegatives);
    }

    public long total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    /** (tp + tn) / total, or NaN when nothing was counted. */
    public double accuracy() {
        long total = total();
        return total == 0 ? Double.NaN : (double) (truePositives + trueNegatives) / total;
    }
}
