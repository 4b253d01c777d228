package io.catstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void shouldFindSeriesButNotFunctionsLabelsKeywordsOrDurations() {
        String expr = "sum by (model_version) (increase(catstream_predictions_total{actual!~\"|unknown\"}[10m]))"
                + " / on (model_version) group_left max without (instance) (catstream_accuracy >= 0)"
                + " and on () deriv(max(kafka_consumer_fetch_manager_records_lag_max)[10m:1m]) > 7 * 24 * 3600"
                + " unless absent(up{job=\"catstream\"} == 1) offset 1h";

        assertThat(PromQlNames.seriesNames(expr)).containsExactly("catstream_predictions_total",
                "catstream_accuracy", "kafka_consumer_fetch_manager_records_lag_max", "up");
    }

    @Test
    void shouldKeepRecordingRuleNamesAndSkipGrafanaVariables() {
        String expr = "model_version:catstream_accuracy:weighted and on (model_version)"
                + " rate(catstream_images_scored_total{instance=~\"$instance\"}[$__rate_interval])";

        assertThat(PromQlNames.seriesNames(expr))
                .containsExactly("model_version:catstream_accuracy:weighted", "catstream_images_scored_total");
    }

    @Test
    void shouldReadTheSeriesOfAGrafanaLabelValuesQueryButNotItsLabel() {
        assertThat(PromQlNames.seriesNames("label_values(catstream_model_active_version, instance)"))
                .containsExactly("catstream_model_active_version");
    }

    @Test
    void shouldIgnoreNamesInsideStringLiterals() {
        assertThat(PromQlNames.seriesNames("label_replace(catstream_accuracy, \"x\", \"catstream_fake\", \"y\", \"(.*)\")"))
                .containsExactly("catstream_accuracy");
    }

    @Test
    void shouldListTheLabelsEachSelectorMatchesOn() {
        String expr = "sum(jvm_memory_used_bytes{area=\"heap\", instance=~\"$instance\"})"
                + " / catstream_predictions_total{actual!=\"unknown\",model_version=\"2\"} + up";

        assertThat(PromQlNames.selectorLabels(expr))
                .containsEntry("jvm_memory_used_bytes", Set.of("area", "instance"))
                .containsEntry("catstream_predictions_total", Set.of("actual", "model_version"))
                .doesNotContainKey("up");
    }
}
