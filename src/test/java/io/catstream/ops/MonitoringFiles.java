package io.catstream.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The operator files of the project (monitoring/, docker-compose.yml) read as data: the alert and recording
 * rules, the dashboard's queries, the series they reference and the series catstream serve exports. Shared by
 * the monitoring tests and by the integration test that scrapes a real {@code catstream serve}.
 */
public final class MonitoringFiles {

    /** Series every Prometheus has without any exporter. */
    public static final Set<String> PROMETHEUS_BUILTIN = Set.of("up", "ALERTS", "ALERTS_FOR_STATE");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public MonitoringFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The checkout the tests run in (Maven's working directory is the project's base directory). */
    public static MonitoringFiles ofProject() {
        return new MonitoringFiles(Path.of(System.getProperty("user.dir")));
    }

    /** An alert or recording rule and the file it is in. */
    public record Rule(Path file, String group, JsonNode node) {

        public boolean isAlert() {
            return node.has("alert");
        }

        public String name() {
            return isAlert() ? node.get("alert").asText() : node.get("record").asText();
        }

        public String expr() {
            return node.get("expr").asText();
        }

        public String label(String key) {
            return node.path("labels").path(key).asText(null);
        }

        public String annotation(String key) {
            return node.path("annotations").path(key).asText(null);
        }
    }

    public Path root() {
        return root;
    }

    public Path monitoringDir() {
        return root.resolve("monitoring");
    }

    public Path prometheusConfig() {
        return monitoringDir().resolve("prometheus.yml");
    }

    public Path dashboard() {
        return monitoringDir().resolve("grafana/dashboards/catstream.json");
    }

    public Path datasourceProvisioning() {
        return monitoringDir().resolve("grafana/provisioning/datasources/prometheus.yml");
    }

    public Path exportedSeriesFile() {
        return monitoringDir().resolve("exported-series.txt");
    }

    public Path composeFile() {
        return root.resolve("docker-compose.yml");
    }

    public Path operationsDoc() {
        return root.resolve("docs/operations.md");
    }

    /** monitoring/rules/*.yml, sorted. */
    public List<Path> ruleFiles() {
        return yamlFiles(monitoringDir().resolve("rules"));
    }

    /** monitoring/tests/*.yml (promtool rule unit tests), sorted. */
    public List<Path> ruleTestFiles() {
        return yamlFiles(monitoringDir().resolve("tests"));
    }

    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (Path file : ruleFiles()) {
            for (JsonNode group : readYaml(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    rules.add(new Rule(file, group.path("name").asText(), rule));
                }
            }
        }
        return rules;
    }

    public List<Rule> alertRules() {
        return rules().stream().filter(Rule::isAlert).toList();
    }

    /** Names of the recording rules: series Prometheus computes itself. */
    public Set<String> recordedSeries() {
        Set<String> names = new LinkedHashSet<>();
        rules().stream().filter(r -> !r.isAlert()).forEach(r -> names.add(r.name()));
        return names;
    }

    /** Every PromQL query of the dashboard: panel targets, annotations and template variables. */
    public List<String> dashboardQueries() {
        List<String> queries = new ArrayList<>();
        collectQueries(readJson(dashboard()), queries);
        return queries;
    }

    /** Every PromQL expression the rules and the dashboard evaluate. */
    public List<String> allQueries() {
        List<String> queries = new ArrayList<>();
        rules().forEach(r -> queries.add(r.expr()));
        queries.addAll(dashboardQueries());
        return queries;
    }

    /**
     * Series the rules and the dashboard read from scrapes: everything referenced except recording rules'
     * outputs and Prometheus' own series. What catstream serve (and its binders) must export.
     */
    public Set<String> referencedSeries() {
        Set<String> recorded = recordedSeries();
        Set<String> names = new LinkedHashSet<>();
        for (String query : allQueries()) {
            for (String name : PromQlNames.seriesNames(query)) {
                if (!recorded.contains(name) && !PROMETHEUS_BUILTIN.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** For each referenced series, the labels selectors match it on. */
    public Map<String, Set<String>> referencedLabels() {
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        for (String query : allQueries()) {
            PromQlNames.selectorLabels(query)
                    .forEach((name, l) -> labels.computeIfAbsent(name, k -> new LinkedHashSet<>()).addAll(l));
        }
        return labels;
    }

    /**
     * What catstream exports, by series name: serve's (monitoring/exported-series.txt) and the retraining loop's
     * (monitoring/exported-series-retrain.txt), which the rules may both read.
     */
    public Map<String, ExportedSeries> exportedSeries() {
        Map<String, ExportedSeries> all = new java.util.LinkedHashMap<>(servedSeries());
        all.putAll(retrainSeries());
        return all;
    }

    /** monitoring/exported-series.txt: what catstream serve exports, by series name. */
    public Map<String, ExportedSeries> servedSeries() {
        return ExportedSeries.read(exportedSeriesFile());
    }

    /** monitoring/exported-series-retrain.txt: what {@code catstream retrain --every --metrics-port} exports. */
    public Map<String, ExportedSeries> retrainSeries() {
        return ExportedSeries.read(monitoringDir().resolve("exported-series-retrain.txt"));
    }

    public static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void collectQueries(JsonNode node, List<String> queries) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                boolean isQuery = Set.of("expr", "query", "definition").contains(field.getKey());
                if (isQuery && field.getValue().isTextual()) {
                    queries.add(field.getValue().asText());
                } else {
                    collectQueries(field.getValue(), queries);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectQueries(child, queries));
        }
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
