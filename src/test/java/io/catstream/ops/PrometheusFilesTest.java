package io.catstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.ops.ExternalTool.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** promtool accepts the Prometheus config, the rules and every dashboard query, and the rule unit tests pass. */
class PrometheusFilesTest {

    private final MonitoringFiles files = MonitoringFiles.ofProject();

    @Test
    void shouldAcceptThePrometheusConfigAndTheRuleFilesItLoads() throws Exception {
        Result result = ExternalTool.PROMTOOL.run(files.root(), "check", "config", files.prometheusConfig().toString());

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.output()).as("%s", result).contains("SUCCESS: 2 rule files found");
    }

    @Test
    void shouldAcceptTheRules() throws Exception {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        files.ruleFiles().forEach(f -> args.add(f.toString()));

        Result result = ExternalTool.PROMTOOL.run(files.root(), args.toArray(String[]::new));

        assertThat(result.exitCode()).as("%s", result).isZero();
    }

    @Test
    void shouldPassTheAlertRuleUnitTests() throws Exception {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        files.ruleTestFiles().forEach(f -> args.add(f.toString()));

        Result result = ExternalTool.PROMTOOL.run(files.root(), args.toArray(String[]::new));

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.output()).as("%s", result).doesNotContain("FAILED");
    }

    @Test
    void shouldParseEveryDashboardQuery(@TempDir Path dir) throws Exception {
        // promtool has no "check expression": each query becomes a recording rule of a throwaway rule file,
        // with Grafana's variables replaced by what they expand to.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<String> queries = files.dashboardQueries();
        for (int i = 0; i < queries.size(); i++) {
            String query = queries.get(i).replace("$__rate_interval", "1m").replace("$instance", ".*");
            if (query.startsWith("label_values(")) {
                query = query.substring("label_values(".length(), query.indexOf(','));
            }
            rules.append("      - record: dashboard:query:").append(i).append('\n')
                    .append("        expr: '").append(query.replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(dir.resolve("dashboard-queries.yml"), rules);

        Result result = ExternalTool.PROMTOOL.run(files.root(), "check", "rules", file.toString());

        assertThat(queries).hasSizeGreaterThan(20);
        assertThat(result.exitCode()).as("%s\n%s", result, rules).isZero();
    }

    @Test
    void shouldLoadTheRulesFromTheFolderTheComposeFileMounts() throws IOException {
        assertThat(Files.readString(files.prometheusConfig())).contains("rule_files:\n  - rules/*.yml");
        assertThat(Files.readString(files.composeFile())).contains("./monitoring/rules:/etc/prometheus/rules:ro");
    }
}
