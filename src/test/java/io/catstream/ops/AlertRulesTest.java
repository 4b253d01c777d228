package io.catstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.catstream.ops.MonitoringFiles.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every alert can be acted on (severity, summary, a runbook section) and is unit-tested both ways. */
class AlertRulesTest {

    private final MonitoringFiles files = MonitoringFiles.ofProject();

    @Test
    void shouldDefineTheAlertsOfIssue5() {
        assertThat(files.alertRules()).extracting(Rule::name).contains("CatstreamAccuracyLow",
                "CatstreamAccuracyDroppedAfterSwap", "CatstreamNoActiveModel", "CatstreamModelTooOld",
                "CatstreamDeadLetterRateHigh", "CatstreamConsumerLagGrowing");
    }

    @Test
    void shouldGiveEveryAlertASeveritySummaryDescriptionAndRunbook() {
        assertThat(files.alertRules()).allSatisfy(alert -> {
            assertThat(alert.label("severity")).as(alert.name()).isIn("critical", "warning", "info");
            assertThat(alert.annotation("summary")).as(alert.name()).isNotBlank();
            assertThat(alert.annotation("description")).as(alert.name()).isNotBlank();
            assertThat(alert.annotation("runbook_url")).as(alert.name())
                    .isEqualTo("docs/operations.md#" + alert.name().toLowerCase(Locale.ROOT));
        });
    }

    @Test
    void shouldHaveARunbookSectionInTheOperationsDocForEveryAlert() throws IOException {
        String doc = Files.readString(files.operationsDoc());

        assertThat(files.alertRules()).allSatisfy(alert ->
                assertThat(doc).as("docs/operations.md section for %s", alert.name())
                        .containsPattern("(?m)^#+ " + alert.name() + "$"));
    }

    @Test
    void shouldTestEveryAlertFiringAndNotFiring() {
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (Path file : files.ruleTestFiles()) {
            for (JsonNode test : MonitoringFiles.readYaml(file).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    String alert = check.path("alertname").asText();
                    (check.path("exp_alerts").isEmpty() ? silent : firing).add(alert);
                }
            }
        }

        assertThat(files.alertRules()).allSatisfy(alert -> {
            assertThat(firing).as("a promtool case where %s fires", alert.name()).contains(alert.name());
            assertThat(silent).as("a promtool case where %s stays silent", alert.name()).contains(alert.name());
        });
    }

    @Test
    void shouldWaitBeforeFiringExceptOnDiscreteEvents() {
        assertThat(files.alertRules())
                .filteredOn(alert -> !alert.name().equals("CatstreamModelsRefused"))
                .allSatisfy(alert -> assertThat(alert.node().path("for").asText()).as(alert.name()).isNotBlank());
    }
}
