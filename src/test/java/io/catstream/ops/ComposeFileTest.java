package io.catstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.catstream.ops.ExternalTool.Result;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is valid for docker-compose and wired as docs/operations.md says. No Docker engine runs the
 * stack here: these checks are what can be verified without one.
 */
class ComposeFileTest {

    private final MonitoringFiles files = MonitoringFiles.ofProject();
    private final JsonNode services = MonitoringFiles.readYaml(files.composeFile()).path("services");

    @Test
    void shouldBeAValidComposeFile() throws Exception {
        Result result = ExternalTool.DOCKER_COMPOSE.run(files.root(), "-f", files.composeFile().toString(), "config", "-q");

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.output()).as("%s", result).doesNotContainIgnoringCase("warning");
    }

    @Test
    void shouldRunTwoScorerReplicasWithoutHostPorts() {
        JsonNode scorer = services.path("catstream");

        assertThat(scorer.path("command").get(0).asText()).isEqualTo("serve");
        assertThat(scorer.path("deploy").path("replicas").asInt()).isEqualTo(2);
        assertThat(scorer.has("ports")).as("published ports would clash between replicas").isFalse();
        assertThat(scorer.has("container_name")).as("a fixed container name allows one replica only").isFalse();
    }

    @Test
    void shouldScrapeTheScorerServiceByItsDnsName() {
        JsonNode scrape = MonitoringFiles.readYaml(files.prometheusConfig()).path("scrape_configs").get(0);
        JsonNode dns = scrape.path("dns_sd_configs").get(0);

        assertThat(scrape.path("job_name").asText()).isEqualTo("catstream");
        assertThat(services.has(dns.path("names").get(0).asText())).isTrue();
        assertThat(dns.path("port").asInt()).isEqualTo(8080);
        assertThat(services.path("catstream").path("command").toString()).contains("--http-port=8080");
    }

    @Test
    void shouldMountOnlyFilesThatExistInTheRepository() {
        services.fields().forEachRemaining((Map.Entry<String, JsonNode> service) -> {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(Files.exists(files.root().resolve(source))).as("%s mounts %s", service.getKey(), source).isTrue();
                }
            }
        });
    }

    @Test
    void shouldStartTheScorerAndTheTrainerOnlyAfterTheTopicsExist() {
        for (String service : new String[] {"catstream", "trainer"}) {
            assertThat(services.path(service).path("depends_on").path("topics").path("condition").asText())
                    .as(service).isEqualTo("service_completed_successfully");
        }
        assertThat(services.path("topics").path("depends_on").path("kafka").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(services.path("kafka").path("healthcheck").isObject()).isTrue();
    }
}
