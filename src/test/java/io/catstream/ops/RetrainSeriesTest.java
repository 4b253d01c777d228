package io.catstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.metrics.RetrainMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * monitoring/exported-series-retrain.txt against what the retraining loop's meters really export (what
 * PrometheusScrapeIT does for serve's file): after a round of each outcome, every listed series is in the scrape
 * with its labels, and every catstream_retrain_* series of the scrape is listed.
 */
class RetrainSeriesTest {

    @Test
    void shouldListExactlyWhatTheRetrainingLoopExports() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RetrainMetrics metrics = new RetrainMetrics(registry, Clock.systemUTC());
        metrics.published(500, 0.8, Duration.ofSeconds(60));
        metrics.skipped("no-new-truth", 500L, Duration.ofSeconds(5));
        metrics.failed(Duration.ofSeconds(1));
        Map<String, ExportedSeries> listed = MonitoringFiles.ofProject().retrainSeries();

        Set<String> scraped = new TreeSet<>();
        for (String line : registry.scrape().lines().filter(l -> l.startsWith("catstream_retrain")).toList()) {
            String name = line.split("[{ ]", 2)[0];
            scraped.add(name);
            ExportedSeries series = listed.get(name);
            assertThat(series).as("%s is in the scrape but not in monitoring/exported-series-retrain.txt", name).isNotNull();
            for (String label : series.labels()) {
                assertThat(line).as("%s has label %s", name, label).contains(label + "=\"");
            }
        }
        assertThat(scraped).as("listed in monitoring/exported-series-retrain.txt and exported").containsAll(listed.keySet());
    }
}
