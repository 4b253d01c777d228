package io.catstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retraining loop's series as Prometheus reads them: names, labels and values after rounds of each outcome. */
class RetrainMetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T15:00:00Z");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RetrainMetrics metrics = new RetrainMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldExportPublishedAndFailedAtZeroAndNoLastRoundBeforeTheFirstRound() {
        String scrape = registry.scrape();

        assertThat(scrape).contains("catstream_retrain_rounds_total{outcome=\"published\",reason=\"none\"} 0.0",
                "catstream_retrain_rounds_total{outcome=\"failed\",reason=\"error\"} 0.0", "catstream_retrain_examples NaN");
        assertThat(scrape).doesNotContain("catstream_retrain_last_round_timestamp_seconds{");
    }

    @Test
    void shouldCountEachOutcomeWithItsReasonAndKeepTheLastDataSetAndModel() {
        metrics.published(1_200, 0.8125, Duration.ofSeconds(90));
        metrics.skipped("too-few-examples", 150L, Duration.ofSeconds(2));
        metrics.skipped("challenger-on-trial", null, Duration.ofSeconds(1));
        metrics.failed(Duration.ofSeconds(3));
        metrics.failed(Duration.ofSeconds(4));

        List<String> lines = registry.scrape().lines().filter(l -> l.startsWith("catstream_retrain")).toList();
        assertThat(lines).contains(
                "catstream_retrain_rounds_total{outcome=\"published\",reason=\"none\"} 1.0",
                "catstream_retrain_rounds_total{outcome=\"skipped\",reason=\"too-few-examples\"} 1.0",
                "catstream_retrain_rounds_total{outcome=\"skipped\",reason=\"challenger-on-trial\"} 1.0",
                "catstream_retrain_rounds_total{outcome=\"failed\",reason=\"error\"} 2.0",
                // a skip that read no data set leaves the last count as it was: 150 from the round before it
                "catstream_retrain_examples 150.0",
                "catstream_retrain_test_accuracy 0.8125",
                "catstream_retrain_round_seconds_count 5",
                "catstream_retrain_round_seconds_sum 100.0");
        assertThat(lines).contains(
                "catstream_retrain_last_round_timestamp_seconds{outcome=\"published\"} " + (double) NOW.getEpochSecond(),
                "catstream_retrain_last_round_timestamp_seconds{outcome=\"skipped\"} " + (double) NOW.getEpochSecond(),
                "catstream_retrain_last_round_timestamp_seconds{outcome=\"failed\"} " + (double) NOW.getEpochSecond());
    }
}
