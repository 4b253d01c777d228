package io.catstream.gate;

/**
 * The champion and the challenger on the same labelled images: McNemar's 2×2 table. Only the discordant cells
 * (one model right, the other wrong) say which model is better; the concordant ones only count towards the
 * minimum of labelled images.
 *
 * @param bothRight      images both models labelled correctly
 * @param championOnly   images only the champion labelled correctly
 * @param challengerOnly images only the challenger labelled correctly
 * @param bothWrong      images both models labelled wrongly
 */
public record PairedCounts(long bothRight, long championOnly, long challengerOnly, long bothWrong) {

    public static final PairedCounts NONE = new PairedCounts(0, 0, 0, 0);

    public PairedCounts {
        if (bothRight < 0 || championOnly < 0 || challengerOnly < 0 || bothWrong < 0) {
            throw new IllegalArgumentException("negative count in " + bothRight + "/" + championOnly + "/"
                    + challengerOnly + "/" + bothWrong);
        }
    }

    /** These counts and one more labelled image. */
    public PairedCounts add(boolean championCorrect, boolean challengerCorrect) {
        if (championCorrect && challengerCorrect) {
            return new PairedCounts(bothRight + 1, championOnly, challengerOnly, bothWrong);
        }
        if (championCorrect) {
            return new PairedCounts(bothRight, championOnly + 1, challengerOnly, bothWrong);
        }
        if (challengerCorrect) {
            return new PairedCounts(bothRight, championOnly, challengerOnly + 1, bothWrong);
        }
        return new PairedCounts(bothRight, championOnly, challengerOnly, bothWrong + 1);
    }

    /** Sum of two tables (e.g. the counts of several partitions). */
    public PairedCounts plus(PairedCounts other) {
        return new PairedCounts(bothRight + other.bothRight, championOnly + other.championOnly,
                challengerOnly + other.challengerOnly, bothWrong + other.bothWrong);
    }

    public long labelled() {
        return bothRight + championOnly + challengerOnly + bothWrong;
    }

    /** Images on which exactly one of the two models was right. */
    public long discordant() {
        return championOnly + challengerOnly;
    }

    /** NaN before any labelled image. */
    public double championAccuracy() {
        return ratio(bothRight + championOnly, labelled());
    }

    /** NaN before any labelled image. */
    public double challengerAccuracy() {
        return ratio(bothRight + challengerOnly, labelled());
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }
}
