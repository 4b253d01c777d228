package io.catstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard uses the provisioned datasource and shows what an operator of catstream needs. */
class DashboardTest {

    private final MonitoringFiles files = MonitoringFiles.ofProject();
    private final JsonNode dashboard = MonitoringFiles.readJson(files.dashboard());

    @Test
    void shouldUseOnlyTheProvisionedPrometheusDatasource() {
        JsonNode datasource = MonitoringFiles.readYaml(files.datasourceProvisioning()).path("datasources").get(0);
        List<JsonNode> references = new ArrayList<>();
        collectDatasources(dashboard, references);

        assertThat(datasource.path("uid").asText()).isEqualTo("catstream-prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(references).isNotEmpty()
                .filteredOn(ds -> !ds.path("type").asText().equals("grafana"))
                .allSatisfy(ds -> {
                    assertThat(ds.path("type").asText()).isEqualTo("prometheus");
                    assertThat(ds.path("uid").asText()).isEqualTo(datasource.path("uid").asText());
                });
    }

    @Test
    void shouldGiveEveryPanelAUniqueIdAndATitle() {
        Set<Integer> ids = new HashSet<>();
        assertThat(dashboard.path("panels")).allSatisfy(panel -> {
            assertThat(ids.add(panel.path("id").asInt())).as("unique id %s", panel.path("id")).isTrue();
            assertThat(panel.path("title").asText()).isNotBlank();
        });
        assertThat(dashboard.path("uid").asText()).isEqualTo("catstream");
    }

    @Test
    void shouldShowThroughputLatencyAccuracyVersionsSwapsRefusalsDeadLettersAndLag() {
        List<String> queries = files.dashboardQueries();

        assertThat(queries).anyMatch(q -> q.contains("rate(catstream_images_scored_total"));
        assertThat(queries).anyMatch(q -> q.contains("histogram_quantile(0.99") && q.contains("catstream_end_to_end_seconds_bucket"));
        assertThat(queries).anyMatch(q -> q.contains("histogram_quantile(0.99") && q.contains("catstream_scoring_seconds_bucket"));
        assertThat(queries).anyMatch(q -> q.contains("catstream_accuracy"));
        assertThat(queries).anyMatch(q -> q.startsWith("catstream_model_active_version"));
        assertThat(queries).anyMatch(q -> q.contains("catstream_model_swaps_total"));
        assertThat(queries).anyMatch(q -> q.contains("catstream_models_refused_total"));
        assertThat(queries).anyMatch(q -> q.contains("sum by (reason) (rate(catstream_images_dead_lettered_total"));
        assertThat(queries).anyMatch(q -> q.contains("kafka_consumer_fetch_manager_records_lag_max"));
        // the retraining loop's row (retrain --every --metrics-port): rounds by outcome, without the scorers' $instance
        assertThat(queries).anyMatch(q -> q.contains("catstream_retrain_rounds_total") && q.contains("by (outcome, reason)")
                && !q.contains("$instance"));
    }

    private static void collectDatasources(JsonNode node, List<JsonNode> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("datasource") && field.getValue().isObject()) {
                    out.add(field.getValue());
                } else {
                    collectDatasources(field.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectDatasources(child, out));
        }
    }
}
