package io.catstream.image;

import java.util.Arrays;

/**
 * Input standardisation, {@code x' = (x - mean) / std}, applied after the /255 scaling. Its statistics are
 * computed on the training split only and stored in the model's input contract, so the trainer and the scorer
 * apply exactly this class to exactly these numbers.
 * <p>
 * Two granularities, told apart by the arrays' length: one value per channel (length 3: every pixel of a
 * channel shares a mean and std, what convolutions want, and invariant to flips and shifts) or one per feature
 * (length 3·S·S, in the same (H, W, C) order as the features).
 */
public record Standardisation(double[] mean, double[] std) {

    /** Keeps a constant feature (std 0 on the training split) from dividing by zero: it stays centred at 0. */
    public static final double MIN_STD = 1e-8;

    public Standardisation {
        if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("standardisation needs mean and std of the same non-zero length, got "
                    + (mean == null ? "null" : mean.length) + " and " + (std == null ? "null" : std.length));
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i]) || !Double.isFinite(std[i]) || std[i] <= 0) {
                throw new IllegalArgumentException("standardisation value " + i + " is unusable: mean " + mean[i] + ", std "
                        + std[i] + " (need finite values and std > 0)");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Statistics of {@code count} examples of {@code featureCount} values each, stored one after another in
     * {@code examples}: per channel ({@code channels} interleaved, H·W·C order) or per feature.
     */
    public static Standardisation fit(double[] examples, int count, int featureCount, int channels, boolean perChannel) {
        if (count < 1) {
            throw new IllegalArgumentException("cannot fit standardisation on " + count + " examples of " + featureCount
                    + " values in " + channels + " channels");
        }
        Fit fit = new Fit(featureCount, channels, perChannel);
        for (int e = 0; e < count; e++) {
            fit.add(examples, e * featureCount);
        }
        return fit.result();
    }

    /**
     * The sums behind {@link #fit}, one example at a time: a trainer that streams its examples adds them in the
     * order an in-memory fit would and gets the same statistics to the last bit.
     */
    public static final class Fit {
        private final int featureCount;
        private final int channels;
        private final boolean perChannel;
        private final double[] sum;
        private final double[] sumSq;
        private long count;

        public Fit(int featureCount, int channels, boolean perChannel) {
            if (featureCount < 1 || featureCount % channels != 0) {
                throw new IllegalArgumentException("cannot fit standardisation on examples of " + featureCount
                        + " values in " + channels + " channels");
            }
            this.featureCount = featureCount;
            this.channels = channels;
            this.perChannel = perChannel;
            int groups = perChannel ? channels : featureCount;
            sum = new double[groups];
            sumSq = new double[groups];
        }

        /** Adds the example {@code examples[offset .. offset + featureCount)}. */
        public void add(double[] examples, int offset) {
            for (int f = 0; f < featureCount; f++) {
                double x = examples[offset + f];
                int g = perChannel ? f % channels : f;
                sum[g] += x;
                sumSq[g] += x * x;
            }
            count++;
        }

        public Standardisation result() {
            if (count < 1) {
                throw new IllegalArgumentException("cannot fit standardisation on 0 examples");
            }
            double perGroup = (double) count * (perChannel ? featureCount / channels : 1);
            int groups = sum.length;
            double[] mean = new double[groups];
            double[] std = new double[groups];
            for (int g = 0; g < groups; g++) {
                mean[g] = sum[g] / perGroup;
                double variance = Math.max(0, sumSq[g] / perGroup - mean[g] * mean[g]);
                std[g] = Math.max(Math.sqrt(variance), MIN_STD);
            }
            return new Standardisation(mean, std);
        }
    }

    public boolean perChannel(int featureCount) {
        return mean.length != featureCount;
    }

    /** Whether these statistics fit vectors of {@code featureCount} values in {@code channels} channels. */
    public boolean fits(int featureCount, int channels) {
        return mean.length == featureCount || mean.length == channels && featureCount % channels == 0;
    }

    /** Standardises {@code dst[offset .. offset+featureCount)} in place. */
    public void apply(double[] dst, int offset, int featureCount) {
        if (mean.length == featureCount) {
            for (int f = 0; f < featureCount; f++) {
                dst[offset + f] = (dst[offset + f] - mean[f]) / std[f];
            }
            return;
        }
        int channels = mean.length;
        if (featureCount % channels != 0) {
            throw new IllegalArgumentException(channels + " per-channel statistics do not fit " + featureCount + " features");
        }
        for (int f = 0; f < featureCount; f++) {
            int c = f % channels;
            dst[offset + f] = (dst[offset + f] - mean[c]) / std[c];
        }
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardisation other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Standardisation[" + mean.length + " values]";
    }
}
