package io.catstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.metrics.ConfusionCounts;
import java.time.Duration;
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
                + "accuracy v1 72.5 % of 80 | v2 85.0 % of 20");
    }

    @Test
    void shouldSayNoneAndDashBeforeAnyModelOrLabelledImage() {
        assertThat(DemoReport.line(Duration.ZERO, 0, 0, 0, 0, 0, new TreeMap<>()))
                .endsWith("active none · accuracy –");
        assertThat(DemoReport.summary(new TreeMap<>())).contains("no labelled image");
    }
}
