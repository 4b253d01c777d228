package io.catstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the dashboard read only what catstream serve exports, as listed once in
 * monitoring/exported-series.txt. A typo or a renamed meter fails here instead of as a silent "no data" panel
 * or an alert that can never fire.
 */
class MonitoringSeriesTest {

    private final MonitoringFiles files = MonitoringFiles.ofProject();

    @Test
    void shouldReferenceOnlyExportedSeries() {
        Map<String, ExportedSeries> exported = files.exportedSeries();

        Set<String> unknown = new TreeSet<>(files.referencedSeries());
        unknown.removeAll(exported.keySet());

        assertThat(unknown)
                .as("series read by monitoring/rules/*.yml or the dashboard but not in %s"
                        + " (a recording rule's name must contain ':' and be defined in monitoring/rules)",
                        files.exportedSeriesFile())
                .isEmpty();
    }

    @Test
    void shouldReferenceCatstreamSeriesFromEveryPartOfTheScorer() {
        assertThat(files.referencedSeries()).contains("catstream_images_received_total",
                "catstream_images_scored_total", "catstream_images_dead_lettered_total", "catstream_predictions_total",
                "catstream_accuracy", "catstream_model_active_version", "catstream_model_swaps_total",
                "catstream_models_refused_total", "catstream_model_age_seconds", "catstream_scoring_seconds_bucket",
                "catstream_end_to_end_seconds_bucket", "kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void shouldMatchExportedSeriesOnlyOnTheirExportedLabels() {
        Map<String, ExportedSeries> exported = files.exportedSeries();
        Map<String, Set<String>> unknownLabels = new TreeMap<>();
        files.referencedLabels().forEach((series, labels) -> {
            ExportedSeries known = exported.get(series);
            if (known != null) {
                labels.stream().filter(l -> !known.hasLabel(l))
                        .forEach(l -> unknownLabels.computeIfAbsent(series, k -> new TreeSet<>()).add(l));
            }
        });

        assertThat(unknownLabels).as("labels matched on but not listed in %s", files.exportedSeriesFile()).isEmpty();
    }

    @Test
    void shouldNameRecordingRulesByTheLevelMetricOperationsConvention() {
        assertThat(files.recordedSeries())
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name).matches("[a-z_]+:[a-z_]+:[a-z0-9_]+"));
    }

    @Test
    void shouldListEachSeriesOnceWithAKnownType() {
        assertThat(files.exportedSeries()).containsKeys("catstream_images_received_total", "catstream_accuracy");
    }
}
