package io.catstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.metrics.ConfusionCounts;
import io.catstream.metrics.DriftMetrics;
import io.catstream.model.ModelReference;
import io.catstream.metrics.ScoringMetrics;
import io.catstream.metrics.TruthMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DemoReportTest {

    @Test
    void shouldPrintOneCompactLineWithTheAccuracyOfEveryVersion() {
        TreeMap<Integer, ConfusionCounts> byVersion = new TreeMap<>();
        byVersion.put(1, new ConfusionCounts(30, 10, 28, 12));
        byVersion.put(2, new ConfusionCounts(9, 1, 8, 2));

        String line = DemoReport.line(Duration.ofSeconds(35), 1200, 1198, 2, 19.94, 2, byVersion);

        assertThat(line).isEqualTo("[  35 s] sent 1,200 · scored 1,198 · dead-lettered 2 · 19.9 images/s · active v2 · "
                + "accuracy from truth v1 72.5 % of 80 | v2 85.0 % of 20");
    }

    @Test
    void shouldSayNoneAndDashBeforeAnyModelOrLabelledImage() {
        assertThat(DemoReport.line(Duration.ZERO, 0, 0, 0, 0, 0, new TreeMap<>()))
                .endsWith("active none · accuracy from truth –");
        assertThat(DemoReport.summary(new TreeMap<>())).contains("no labelled image");
    }

    @Test
    void shouldPrintTheEstimatedAccuracyOfEveryVersionWithPsiOnlyForAModelWithAReference() {
        ModelReference reference = ModelReference.of("validation", new double[] {0.2, 0.9}, new double[] {0.4, 0.5},
                new double[] {0, 1});
        TreeMap<Integer, DriftMetrics.VersionHealth> health = new TreeMap<>();
        health.put(1, new DriftMetrics.VersionHealth(1, 400, 0.553, 0.4, 0.2, Double.NaN, Double.NaN, null));
        health.put(2, new DriftMetrics.VersionHealth(2, 120, 0.81, 0.5, 0.1, 0.041, 0.318, reference));
        health.put(3, new DriftMetrics.VersionHealth(3, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null));

        assertThat(DemoReport.estimates(health)).isEqualTo("v1 55.3 % | v2 81.0 % (PSI p(cat) 0.04, brightness 0.32)");
        assertThat(DemoReport.estimates(new TreeMap<>())).isEqualTo("–");
    }

    @Test
    void shouldPrintHowMuchTruthCameHowLateAndForWhatShareOfEachVersion() {
        ScoringMetrics scoring = new ScoringMetrics(new SimpleMeterRegistry(), "catstream", Clock.systemUTC());
        TruthMetrics truth = new TruthMetrics(scoring, Duration.ofHours(1), List.of(), Clock.systemUTC());
        assertThat(DemoReport.truth(truth)).isEqualTo("–");
        for (int i = 0; i < 10; i++) {
            truth.predicted(1);
        }
        truth.predicted(2);
        for (long seconds : new long[] {3, 4, 6, 8}) { // buckets 1, 5, 10 s hold 0, 2, 4 (cumulative)
            truth.matched(1, true, true, seconds * 1000);
        }

        // p50: rank 2 -> the top of (1, 5]; p95: rank 3.8 in (5, 10] -> 5 + 5 * (3.8 - 2) / (4 - 2)
        assertThat(DemoReport.truth(truth)).isEqualTo("4 joined, delay p50 5.0 s p95 9.5 s, coverage v1 40 % | v2 0 %");
    }
}
