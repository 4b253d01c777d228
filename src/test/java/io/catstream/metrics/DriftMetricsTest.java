package io.catstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.image.ImageBrightness;
import io.catstream.model.ModelReference;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The drift window slides, keeps versions apart, counts every image from several threads, and needs a reference for PSI. */
class DriftMetricsTest {

    private final AtomicLong now = new AtomicLong(Instant.parse("2026-12-02T15:00:00Z").toEpochMilli());
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DriftMetrics drift = new DriftMetrics(registry, Duration.ofSeconds(100), clock);
    private final double[] channels = {0.5, 0.4, 0.3, 0.2, 0.2, 0.2};

    private double windowImages(int version) {
        return registry.get(DriftMetrics.WINDOW_IMAGES).tag("model_version", Integer.toString(version)).gauge().value();
    }

    @Test
    void shouldForgetImagesOlderThanTheWindow() {
        drift.scored(1, 0.9, 0.5, channels, 100, 80, 5000);
        now.addAndGet(55_000);
        drift.scored(1, 0.1, 0.5, channels, 100, 80, 5000);
        assertThat(windowImages(1)).isEqualTo(2);
        assertThat(drift.estimatedAccuracy(1)).isEqualTo(0.9);

        now.addAndGet(50_000); // the first image is 105 s old, the second 50 s
        assertThat(windowImages(1)).isEqualTo(1);

        now.addAndGet(50_000); // 155 s: the second image's slot (10 s each) comes round again
        assertThat(windowImages(1)).isZero();
        assertThat(drift.estimatedAccuracy(1)).isNaN();

        drift.scored(1, 0.7, 0.5, channels, 100, 80, 5000); // into the second image's old slot: cleared first
        assertThat(windowImages(1)).isEqualTo(1);
        assertThat(drift.estimatedAccuracy(1)).isEqualTo(0.7);
    }

    @Test
    void shouldKeepVersionsApartAndExportPsiOnlyForAVersionWithAReference() {
        drift.reference(2, ModelReference.of("validation", new double[] {0.92, 0.97}, new double[] {0.5, 0.55}, new double[] {1, 1}));
        drift.scored(1, 0.2, 0.5, channels, 640, 480, 30_000);
        drift.scored(2, 0.95, 0.75, channels, 320, 240, 10_000);

        assertThat(registry.find(DriftMetrics.DRIFT_PSI).tag("model_version", "1").gauges()).isEmpty();
        assertThat(registry.find(DriftMetrics.DRIFT_PSI).tag("model_version", "2").gauges()).hasSize(2);
        assertThat(drift.psi(2, DriftMetrics.PROBABILITY)).isZero(); // all in bucket 9 on both sides
        assertThat(drift.psi(2, DriftMetrics.BRIGHTNESS)).isGreaterThan(0.25); // bucket 7 against the reference's 5
        assertThat(registry.get(DriftMetrics.INPUT_WIDTH).tag("model_version", "1").gauge().value()).isEqualTo(640);
        assertThat(registry.get(DriftMetrics.INPUT_WIDTH).tag("model_version", "2").gauge().value()).isEqualTo(320);
        assertThat(registry.get(DriftMetrics.INPUT_BRIGHTNESS).tag("model_version", "2").tag("channel", "green")
                .tag("stat", "mean").gauge().value()).isEqualTo(0.4);
        assertThat(drift.health().keySet()).containsExactly(1, 2);
        assertThat(drift.health().get(1).reference()).isNull();
    }

    @Test
    void shouldCountEveryImageAddedByConcurrentThreads() throws Exception {
        int threads = 4;
        int each = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                start.await();
                double[] mine = new double[ImageBrightness.VALUES];
                for (int i = 0; i < each; i++) {
                    drift.scored(1, 0.75, 0.5, mine, 10, 10, 100);
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(windowImages(1)).isEqualTo(threads * each);
        assertThat(drift.estimatedAccuracy(1)).isEqualTo(0.75);
    }
}
