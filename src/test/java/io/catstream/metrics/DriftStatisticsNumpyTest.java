package io.catstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catstream.image.ImageBrightness;
import io.catstream.image.PreprocessingContract;
import io.catstream.image.Standardisation;
import io.catstream.model.ModelReference;
import io.catstream.testsupport.NumpyReference;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift statistics of issue #17 against an independent NumPy computation: the p(cat) histogram
 * ({@code np.histogram} over {@code np.linspace(0, 1, 11)}), the estimated accuracy ({@code mean(max(p, 1 - p))}),
 * the PSI against a reference, and the brightness of an image (channel means and spreads of its sampled pixels).
 */
class DriftStatisticsNumpyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** numpy's side: reads whitespace-separated doubles (Java's shortest round-trip decimals) and prints JSON. */
    private static final String SCRIPT = """
            import json, sys
            import numpy as np
            ref_p, ref_b, ref_y, obs_p, obs_b = (np.array([float(v) for v in open(sys.argv[i]).read().split()], dtype=np.float64)
                                                for i in range(1, 6))
            edges = np.linspace(0, 1, 11)
            def hist(v):
                return np.histogram(np.clip(v, 0, 1), bins=edges)[0]
            def psi(ref, obs):
                e = np.maximum(ref / ref.sum(), 1e-4)
                a = np.maximum(obs / obs.sum(), 1e-4)
                return float(np.sum((a - e) * np.log(a / e)))
            ref_ph, ref_bh, obs_ph, obs_bh = hist(ref_p), hist(ref_b), hist(obs_p), hist(obs_b)
            out = {
                "ref_probability": ref_ph.tolist(), "ref_brightness": ref_bh.tolist(),
                "probability": obs_ph.tolist(), "brightness": obs_bh.tolist(),
                "estimated_accuracy": float(np.mean(np.maximum(obs_p, 1 - obs_p))),
                "ref_expected_accuracy": float(np.mean(np.maximum(ref_p, 1 - ref_p))),
                "ref_observed_accuracy": float(np.mean((ref_p > 0.5) == (ref_y == 1))),
                "ref_cat_rate": float(np.mean(ref_p > 0.5)),
                "ref_uncertain": float(np.mean((ref_p >= 0.35) & (ref_p <= 0.65))),
                "cat_rate": float(np.mean(obs_p > 0.5)),
                "uncertain": float(np.mean((obs_p >= 0.35) & (obs_p <= 0.65))),
                "psi_probability": psi(ref_ph, obs_ph), "psi_brightness": psi(ref_bh, obs_bh),
            }
            print(json.dumps(out))
            """;

    private static final String BRIGHTNESS_SCRIPT = """
            import json, sys
            import numpy as np
            size, step = int(sys.argv[2]), int(sys.argv[3])
            x = np.array([float(v) for v in open(sys.argv[1]).read().split()], dtype=np.float64)
            mean = np.array([float(v) for v in sys.argv[4].split(",")]) if len(sys.argv) > 4 else None
            std = np.array([float(v) for v in sys.argv[5].split(",")]) if len(sys.argv) > 5 else None
            pixels = x.reshape(size * size, 3)
            if mean is not None:
                pixels = pixels * std + mean
            sampled = pixels[::step]
            m = sampled.mean(axis=0)
            s = sampled.std(axis=0)
            print(json.dumps({"mean": m.tolist(), "spread": s.tolist(), "brightness": float(m.mean())}))
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void numpy() {
        NumpyReference.requireNumpy();
    }

    @Test
    void shouldComputeHistogramEstimatedAccuracyAndPsiAsNumpyDoes() throws IOException {
        Random random = new Random(17);
        int n = 3000;
        double[] refP = probabilities(random, n, 0.0);
        double[] refB = DoubleStream.generate(() -> clamp(0.45 + 0.15 * random.nextGaussian())).limit(n).toArray();
        double[] refY = DoubleStream.generate(() -> random.nextBoolean() ? 1 : 0).limit(n).toArray();
        // the observed stream: more confident cats and darker images, plus every bucket edge exactly
        double[] obsP = probabilities(random, 2000, 0.25);
        double[] obsB = DoubleStream.generate(() -> clamp(0.25 + 0.1 * random.nextGaussian())).limit(2000).toArray();
        obsB[0] = 0.3;
        obsB[1] = 0.7;
        obsB[2] = 1.0;
        obsB[3] = 0.0;

        ModelReference reference = ModelReference.of("validation", refP, refB, refY);
        Clock clock = Clock.fixed(Instant.parse("2026-12-02T15:00:00Z"), ZoneOffset.UTC);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriftMetrics drift = new DriftMetrics(registry, Duration.ofMinutes(5), clock);
        drift.reference(3, reference);
        double[] channels = new double[ImageBrightness.VALUES];
        for (int i = 0; i < obsP.length; i++) {
            drift.scored(3, obsP[i], obsB[i], channels, 640, 480, 30_000);
        }

        JsonNode numpy = runNumpy(SCRIPT, write("refp", refP), write("refb", refB), write("refy", refY),
                write("obsp", obsP), write("obsb", obsB));

        assertThat(reference.probability()).containsExactly(longs(numpy.get("ref_probability")));
        assertThat(reference.brightness()).containsExactly(longs(numpy.get("ref_brightness")));
        assertThat(reference.expectedAccuracy()).isCloseTo(numpy.get("ref_expected_accuracy").asDouble(), within(1e-12));
        assertThat(reference.observedAccuracy()).isEqualTo(numpy.get("ref_observed_accuracy").asDouble());
        assertThat(reference.catRate()).isEqualTo(numpy.get("ref_cat_rate").asDouble());
        assertThat(reference.uncertainShare()).isEqualTo(numpy.get("ref_uncertain").asDouble());

        long[] probabilityCounts = longs(numpy.get("probability"));
        for (int b = 0; b < ModelReference.BUCKETS; b++) {
            double share = registry.get(DriftMetrics.PROBABILITY_SHARE).tag("model_version", "3")
                    .tag("bucket", DriftMetrics.bucketName(b)).gauge().value();
            assertThat(share).as("bucket %d", b).isEqualTo((double) probabilityCounts[b] / obsP.length);
        }
        // sums of confidence are kept in millionths: at most 5e-7 off per image, averaged
        assertThat(drift.estimatedAccuracy(3)).isCloseTo(numpy.get("estimated_accuracy").asDouble(), within(1e-6));
        assertThat(gauge(registry, DriftMetrics.PREDICTED_CAT_RATIO)).isEqualTo(numpy.get("cat_rate").asDouble());
        assertThat(gauge(registry, DriftMetrics.UNCERTAIN_RATIO)).isEqualTo(numpy.get("uncertain").asDouble());
        assertThat(drift.psi(3, DriftMetrics.PROBABILITY)).isCloseTo(numpy.get("psi_probability").asDouble(), within(1e-12));
        assertThat(drift.psi(3, DriftMetrics.BRIGHTNESS)).isCloseTo(numpy.get("psi_brightness").asDouble(), within(1e-12));
        assertThat(drift.psi(3, DriftMetrics.BRIGHTNESS)).as("darker images than the reference's").isGreaterThan(0.25);
    }

    @Test
    void shouldMeasureBrightnessOfSampledPixelsAsNumpyDoes() throws IOException {
        Random random = new Random(5);
        for (int size : new int[] {8, 64, 128}) {
            double[] features = DoubleStream.generate(random::nextDouble).limit(3L * size * size).toArray();
            PreprocessingContract plain = PreprocessingContract.ofImageSize(size);
            checkBrightness(plain, features, size, null);
            Standardisation perChannel = new Standardisation(new double[] {0.48, 0.45, 0.40}, new double[] {0.27, 0.26, 0.28});
            double[] standardised = features.clone();
            perChannel.apply(standardised, 0, standardised.length);
            checkBrightness(new PreprocessingContract(size, "RGB", "HWC", 255.0, "pillow-bilinear", perChannel),
                    standardised, size, perChannel);
        }
    }

    private static void checkBrightness(PreprocessingContract contract, double[] features, int size, Standardisation s)
            throws IOException {
        double[] out = new double[ImageBrightness.VALUES];
        double brightness = new ImageBrightness(contract).measure(features, 0, out);
        int step = Math.max(1, size * size / ImageBrightness.MAX_SAMPLES);
        List<String> args = new java.util.ArrayList<>(List.of(write("features" + size + (s != null), features).toString(),
                Integer.toString(size), Integer.toString(step)));
        if (s != null) {
            args.add(DoubleStream.of(s.mean()).mapToObj(Double::toString).collect(Collectors.joining(",")));
            args.add(DoubleStream.of(s.std()).mapToObj(Double::toString).collect(Collectors.joining(",")));
        }
        JsonNode numpy = runNumpy(BRIGHTNESS_SCRIPT, args.stream().map(Path::of).toArray(Path[]::new));
        for (int c = 0; c < 3; c++) {
            assertThat(out[c]).as("mean of channel %d at %d²", c, size).isCloseTo(numpy.get("mean").get(c).asDouble(), within(1e-12));
            assertThat(out[3 + c]).as("spread of channel %d at %d²", c, size)
                    .isCloseTo(numpy.get("spread").get(c).asDouble(), within(1e-9));
        }
        assertThat(brightness).isCloseTo(numpy.get("brightness").asDouble(), within(1e-12));
    }

    /** Probabilities shaped like a classifier's (many near 0 and 1), the bucket edges exactly, shifted to cats by {@code catShift}. */
    private static double[] probabilities(Random random, int n, double catShift) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            double logit = 2.0 * random.nextGaussian() + catShift * 8;
            p[i] = 1 / (1 + Math.exp(-logit));
        }
        double[] edges = {0.0, 0.1, 0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.65, 0.7, 0.8, 0.9, 1.0, 0.30000000000000004};
        System.arraycopy(edges, 0, p, 0, edges.length);
        return p;
    }

    private static double clamp(double v) {
        return Math.min(1, Math.max(0, v));
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tag("model_version", "3").gauge().value();
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    private static Path write(String name, double[] values) throws IOException {
        Path file = dir.resolve(name + ".txt");
        Files.writeString(file, DoubleStream.of(values).mapToObj(Double::toString).collect(Collectors.joining("\n")));
        return file;
    }

    private static JsonNode runNumpy(String script, Path... args) throws IOException {
        Path py = dir.resolve("drift_" + Integer.toHexString(script.hashCode()) + ".py");
        Files.writeString(py, script);
        List<String> command = new java.util.ArrayList<>(List.of(NumpyReference.PYTHON, py.toString()));
        for (Path a : args) {
            command.add(a.toString());
        }
        String output = NumpyReference.run(command, dir.resolve("numpy-" + System.nanoTime() + ".log"));
        return JSON.readTree(output.lines().reduce((a, b) -> b).orElseThrow());
    }
}
