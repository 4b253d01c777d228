package io.catstream.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the model's outputs and inputs looked like on the trainer's held-out split, so a scorer can tell drift
 * before any truth arrives (issue #17): the distribution of p(cat) and of image brightness as counts in
 * {@link #BUCKETS} equal buckets over [0, 1], the cat rate, the share of uncertain predictions, and the calibration
 * (mean confidence {@code max(p, 1 - p)} against the accuracy actually observed). An optional section of the model
 * header ({@code "reference"}); models without it score as before and export no PSI.
 *
 * @param split            which held-out split it was computed on ({@code "validation"} or {@code "test"})
 * @param probability      examples per p(cat) bucket
 * @param brightness       examples per brightness bucket (an image's mean over its three channels, in [0, 1])
 * @param catRate          fraction predicted cat ({@code p > 0.5})
 * @param uncertainShare   fraction with {@code UNCERTAIN_LOW <= p <= UNCERTAIN_HIGH}
 * @param expectedAccuracy mean of {@code max(p, 1 - p)}: the accuracy the probabilities promise
 * @param observedAccuracy the accuracy against the split's labels
 */
public record ModelReference(String split, long[] probability, long[] brightness, double catRate, double uncertainShare,
                             double expectedAccuracy, double observedAccuracy) {

    /** Equal buckets over [0, 1]: bucket i is [i/10, (i+1)/10), the last one closed, as {@code np.histogram}. */
    public static final int BUCKETS = 10;
    /** Bounds (inclusive) of an uncertain prediction. */
    public static final double UNCERTAIN_LOW = 0.35;
    public static final double UNCERTAIN_HIGH = 0.65;

    /** The bucket edges {@code i * 0.1}, the same doubles as {@code np.linspace(0, 1, 11)}. */
    private static final double[] EDGES = new double[BUCKETS + 1];

    static {
        for (int i = 0; i <= BUCKETS; i++) {
            EDGES[i] = i * (1.0 / BUCKETS);
        }
        EDGES[BUCKETS] = 1.0;
    }

    public ModelReference {
        if (split == null || split.isBlank()) {
            throw new IllegalArgumentException("reference.split must name the held-out split, e.g. 'validation'");
        }
        probability = counts(probability, "probability");
        brightness = counts(brightness, "brightness");
        if (Arrays.stream(probability).sum() != Arrays.stream(brightness).sum()) {
            throw new IllegalArgumentException("reference.probability counts " + Arrays.stream(probability).sum()
                    + " examples but reference.brightness " + Arrays.stream(brightness).sum());
        }
        if (Arrays.stream(probability).sum() == 0) {
            throw new IllegalArgumentException("a reference needs at least one example");
        }
        fraction(catRate, "catRate");
        fraction(uncertainShare, "uncertainShare");
        fraction(expectedAccuracy, "expectedAccuracy");
        fraction(observedAccuracy, "observedAccuracy");
    }

    /**
     * The reference of {@code probabilities} (the model's p(cat) per held-out example), {@code brightness} (each
     * example's mean brightness) and {@code labels} (0/1), as the trainers compute it.
     */
    public static ModelReference of(String split, double[] probabilities, double[] brightness, double[] labels) {
        if (probabilities.length != brightness.length || probabilities.length != labels.length) {
            throw new IllegalArgumentException(probabilities.length + " probabilities, " + brightness.length
                    + " brightness values and " + labels.length + " labels: one each per example");
        }
        long[] p = new long[BUCKETS];
        long[] b = new long[BUCKETS];
        long cats = 0;
        long uncertain = 0;
        long right = 0;
        double confidence = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double prob = probabilities[i];
            p[bucketOf(prob)]++;
            b[bucketOf(brightness[i])]++;
            boolean cat = prob > 0.5; // Classifier.isCat
            cats += cat ? 1 : 0;
            uncertain += isUncertain(prob) ? 1 : 0;
            right += cat == (labels[i] == 1.0) ? 1 : 0;
            confidence += Math.max(prob, 1 - prob);
        }
        double n = probabilities.length;
        return new ModelReference(split, p, b, cats / n, uncertain / n, confidence / n, right / n);
    }

    /** Examples the reference was computed on. */
    public long examples() {
        return Arrays.stream(probability).sum();
    }

    /**
     * The bucket of a value in [0, 1] (values outside are clamped): the largest i with {@code value >= i * 0.1},
     * at most 9, exactly as {@code np.histogram(v, bins=np.linspace(0, 1, 11))} counts. Constant time.
     */
    public static int bucketOf(double value) {
        if (!(value > 0)) {
            return 0; // negatives and NaN
        }
        if (value >= 1) {
            return BUCKETS - 1;
        }
        int i = (int) (value * BUCKETS);
        // value * 10 may round across an edge that np.linspace puts elsewhere (0.3 * 10 = 3.0000000000000004)
        if (value < EDGES[i]) {
            i--;
        } else if (i + 1 < BUCKETS && value >= EDGES[i + 1]) {
            i++;
        }
        return i;
    }

    public static boolean isUncertain(double probability) {
        return probability >= UNCERTAIN_LOW && probability <= UNCERTAIN_HIGH;
    }

    /** The lower edge of bucket i, for labels ({@code 0.3}). */
    public static double lowerEdge(int bucket) {
        return EDGES[bucket];
    }

    @Override
    public long[] probability() {
        return probability.clone();
    }

    @Override
    public long[] brightness() {
        return brightness.clone();
    }

    private static long[] counts(long[] counts, String field) {
        Objects.requireNonNull(counts, "reference." + field);
        if (counts.length != BUCKETS) {
            throw new IllegalArgumentException("reference." + field + " must have " + BUCKETS + " bucket counts, got "
                    + counts.length);
        }
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("reference." + field + " counts must not be negative, got " + c);
            }
        }
        return counts.clone();
    }

    private static void fraction(double value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("reference." + field + " must be a fraction in [0, 1], got " + value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelReference r && split.equals(r.split) && Arrays.equals(probability, r.probability)
                && Arrays.equals(brightness, r.brightness) && catRate == r.catRate && uncertainShare == r.uncertainShare
                && expectedAccuracy == r.expectedAccuracy && observedAccuracy == r.observedAccuracy;
    }

    @Override
    public int hashCode() {
        return Objects.hash(split, Arrays.hashCode(probability), Arrays.hashCode(brightness), catRate, uncertainShare,
                expectedAccuracy, observedAccuracy);
    }

    @Override
    public String toString() {
        return "ModelReference[" + split + ", " + examples() + " examples, cat rate " + catRate + ", expected accuracy "
                + expectedAccuracy + ", observed " + observedAccuracy + "]";
    }
}
