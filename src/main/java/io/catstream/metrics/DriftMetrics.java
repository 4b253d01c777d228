package io.catstream.metrics;

import io.catstream.model.ModelReference;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.ToDoubleFunction;

/**
 * Model health before any truth comes (issue #17), per model version, over a sliding window: the p(cat)
 * distribution, the cat rate, the share of uncertain predictions, the estimated accuracy (mean of
 * {@code max(p, 1 − p)}), the inputs' brightness per channel, size and bytes, and, for a model whose file carries a
 * {@link ModelReference}, the PSI of p(cat) and of brightness against it. Images are added at constant cost
 * ({@link DriftWindow}); every gauge is computed when it is read (a scrape), never per image.
 */
public final class DriftMetrics {

    public static final String ESTIMATED_ACCURACY = "catstream.estimated.accuracy";
    public static final String DRIFT_PSI = "catstream.drift.psi";
    public static final String PREDICTED_CAT_RATIO = "catstream.predicted.cat.ratio";
    public static final String UNCERTAIN_RATIO = "catstream.uncertain.ratio";
    public static final String PROBABILITY_SHARE = "catstream.probability.share";
    public static final String INPUT_BRIGHTNESS = "catstream.input.brightness";
    public static final String INPUT_WIDTH = "catstream.input.width";
    public static final String INPUT_HEIGHT = "catstream.input.height";
    public static final String INPUT_SIZE = "catstream.input.size";
    public static final String WINDOW_IMAGES = "catstream.drift.window.images";
    public static final String REFERENCE_ACCURACY = "catstream.reference.accuracy";
    public static final String REFERENCE_ESTIMATED_ACCURACY = "catstream.reference.estimated.accuracy";
    public static final String REFERENCE_CAT_RATIO = "catstream.reference.cat.ratio";

    /** The {@code feature} tag of {@link #DRIFT_PSI}. */
    public static final String PROBABILITY = "probability";
    public static final String BRIGHTNESS = "brightness";

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    private static final String[] CHANNELS = {"red", "green", "blue"};

    private final MeterRegistry registry;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentMap<Integer, Version> versions = new ConcurrentHashMap<>();
    /** The version of the last image: the hot path's lookup without the map (a swap changes it once). */
    private volatile Version last;

    public DriftMetrics(MeterRegistry registry, Duration window, Clock clock) {
        if (window.toMillis() < DriftWindow.SLOTS) {
            throw new IllegalArgumentException("invalid value " + window + " for the drift window: at least "
                    + DriftWindow.SLOTS + " ms");
        }
        this.registry = registry;
        this.window = window;
        this.clock = clock;
    }

    public Duration window() {
        return window;
    }

    /**
     * One image scored by {@code version}.
     *
     * @param channels the six values of {@code ImageBrightness.measure} (means, then spreads of R, G, B)
     */
    public void scored(int version, double probability, double brightness, double[] channels, int width, int height,
                       int bytes) {
        Version v = last;
        if (v == null || v.version != version) {
            v = version(version);
            last = v;
        }
        v.window.add(clock.millis(), probability, brightness, channels, width, height, bytes);
    }

    /** The reference in {@code version}'s model file: PSI gauges from now on. A second call changes nothing. */
    public void reference(int version, ModelReference reference) {
        version(version).setReference(reference);
    }

    /** The estimated accuracy of {@code version} in the window, NaN without images. */
    public double estimatedAccuracy(int version) {
        Version v = versions.get(version);
        return v == null ? Double.NaN : estimatedAccuracy(v.totals());
    }

    /** The PSI of {@code feature} ({@link #PROBABILITY}, {@link #BRIGHTNESS}), NaN without images or reference. */
    public double psi(int version, String feature) {
        Version v = versions.get(version);
        return v == null ? Double.NaN : v.psi(feature.equals(PROBABILITY) ? DriftWindow.PROBABILITY : DriftWindow.BRIGHTNESS);
    }

    /** The reference of {@code version}'s model, null when its file has none or the version is unknown. */
    public ModelReference referenceOf(int version) {
        Version v = versions.get(version);
        return v == null ? null : v.reference;
    }

    /**
     * One version's health now, for the web view and the demo.
     *
     * @param reference null when the model file has none (then both PSI are NaN)
     */
    public record VersionHealth(int version, long images, double estimatedAccuracy, double catRate, double uncertainShare,
                                double psiProbability, double psiBrightness, ModelReference reference) {
    }

    /** Every version seen, by version. */
    public java.util.SortedMap<Integer, VersionHealth> health() {
        java.util.SortedMap<Integer, VersionHealth> out = new java.util.TreeMap<>();
        versions.forEach((version, v) -> {
            long[] t = v.totals();
            out.put(version, new VersionHealth(version, t[DriftWindow.IMAGES], estimatedAccuracy(t),
                    ratio(t[DriftWindow.CATS], t[DriftWindow.IMAGES]), ratio(t[DriftWindow.UNCERTAIN], t[DriftWindow.IMAGES]),
                    v.psi(DriftWindow.PROBABILITY, t), v.psi(DriftWindow.BRIGHTNESS, t), v.reference));
        });
        return out;
    }

    static double estimatedAccuracy(long[] t) {
        return ratio(t[DriftWindow.CONFIDENCE] / DriftWindow.MICRO, t[DriftWindow.IMAGES]);
    }

    private static double ratio(double sum, long images) {
        return images == 0 ? Double.NaN : sum / images;
    }

    private Version version(int version) {
        return versions.computeIfAbsent(version, this::register);
    }

    private Version register(int version) {
        Version v = new Version(version, new DriftWindow(window.toMillis()));
        String tag = Integer.toString(version);
        gauge(ESTIMATED_ACCURACY, tag, v, t -> estimatedAccuracy(t), null,
                "Mean of max(p, 1 - p) over the drift window: the accuracy the probabilities promise");
        gauge(PREDICTED_CAT_RATIO, tag, v, t -> ratio(t[DriftWindow.CATS], t[DriftWindow.IMAGES]), null,
                "Fraction of images labelled cat in the drift window");
        gauge(UNCERTAIN_RATIO, tag, v, t -> ratio(t[DriftWindow.UNCERTAIN], t[DriftWindow.IMAGES]), null,
                "Fraction of predictions with 0.35 <= p <= 0.65 in the drift window");
        gauge(WINDOW_IMAGES, tag, v, t -> t[DriftWindow.IMAGES], null, "Images in the drift window");
        gauge(INPUT_WIDTH, tag, v, t -> ratio(t[DriftWindow.WIDTH], t[DriftWindow.IMAGES]), "pixels",
                "Mean width of the decoded images in the drift window");
        gauge(INPUT_HEIGHT, tag, v, t -> ratio(t[DriftWindow.HEIGHT], t[DriftWindow.IMAGES]), "pixels",
                "Mean height of the decoded images in the drift window");
        gauge(INPUT_SIZE, tag, v, t -> ratio(t[DriftWindow.BYTES], t[DriftWindow.IMAGES]), "bytes",
                "Mean size of the encoded images in the drift window");
        for (int b = 0; b < ModelReference.BUCKETS; b++) {
            int bucket = b;
            Gauge.builder(PROBABILITY_SHARE, v, x -> share(x.totals(), DriftWindow.PROBABILITY + bucket))
                    .tag("model_version", tag).tag("bucket", bucketName(b))
                    .description("Fraction of images whose p(cat) fell in the bucket, in the drift window")
                    .register(registry);
        }
        for (int c = 0; c < 3; c++) {
            for (int s = 0; s < 2; s++) {
                int field = DriftWindow.CHANNEL_STATS + s * 3 + c;
                Gauge.builder(INPUT_BRIGHTNESS, v, x -> {
                            long[] t = x.totals();
                            return ratio(t[field] / DriftWindow.MICRO, t[DriftWindow.IMAGES]);
                        })
                        .tag("model_version", tag).tag("channel", CHANNELS[c]).tag("stat", s == 0 ? "mean" : "spread")
                        .description("Per-image mean or spread of a channel in [0, 1], averaged over the drift window")
                        .register(registry);
            }
        }
        return v;
    }

    private void gauge(String name, String version, Version v, ToDoubleFunction<long[]> value, String unit,
                       String description) {
        Gauge.builder(name, v, x -> value.applyAsDouble(x.totals())).tag("model_version", version).baseUnit(unit)
                .description(description).register(registry);
    }

    private void registerReference(Version v, ModelReference r) {
        String tag = Integer.toString(v.version);
        for (String feature : new String[] {PROBABILITY, BRIGHTNESS}) {
            int offset = feature.equals(PROBABILITY) ? DriftWindow.PROBABILITY : DriftWindow.BRIGHTNESS;
            Gauge.builder(DRIFT_PSI, v, x -> x.psi(offset)).tag("model_version", tag).tag("feature", feature)
                    .description("Population stability index over the drift window against the model's reference")
                    .register(registry);
        }
        Gauge.builder(REFERENCE_ACCURACY, r, ModelReference::observedAccuracy).tag("model_version", tag)
                .description("Accuracy of the model on its trainer's held-out split").register(registry);
        Gauge.builder(REFERENCE_ESTIMATED_ACCURACY, r, ModelReference::expectedAccuracy).tag("model_version", tag)
                .description("Mean of max(p, 1 - p) on the trainer's held-out split (calibration: compare with "
                        + "catstream_reference_accuracy)").register(registry);
        Gauge.builder(REFERENCE_CAT_RATIO, r, ModelReference::catRate).tag("model_version", tag)
                .description("Fraction labelled cat on the trainer's held-out split").register(registry);
    }

    private static double share(long[] t, int field) {
        return ratio(t[field], t[DriftWindow.IMAGES]);
    }

    /** {@code 0.3-0.4} */
    static String bucketName(int b) {
        return String.format(Locale.ROOT, "%.1f-%.1f", ModelReference.lowerEdge(b),
                b + 1 == ModelReference.BUCKETS ? 1.0 : ModelReference.lowerEdge(b + 1));
    }

    private final class Version {
        final int version;
        final DriftWindow window;
        volatile ModelReference reference;
        /** The reference's counts, probability then brightness, as {@link DriftWindow} lays them out. */
        volatile long[] referenceCounts;

        Version(int version, DriftWindow window) {
            this.version = version;
            this.window = window;
        }

        long[] totals() {
            return window.totals(clock.millis());
        }

        synchronized void setReference(ModelReference r) {
            if (reference != null) {
                return;
            }
            long[] counts = new long[DriftWindow.FIELDS];
            System.arraycopy(r.probability(), 0, counts, DriftWindow.PROBABILITY, ModelReference.BUCKETS);
            System.arraycopy(r.brightness(), 0, counts, DriftWindow.BRIGHTNESS, ModelReference.BUCKETS);
            referenceCounts = counts;
            reference = r;
            registerReference(this, r);
        }

        double psi(int offset) {
            return psi(offset, totals());
        }

        double psi(int offset, long[] totals) {
            long[] ref = referenceCounts;
            return ref == null ? Double.NaN : Psi.of(ref, offset, totals, offset, ModelReference.BUCKETS);
        }
    }
}
