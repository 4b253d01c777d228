package io.catstream.kafka;

import io.catstream.testsupport.EmbeddedBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.testsupport.CliRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicsIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    private static CliRun topics(String command, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("topics", command, "--bootstrap-servers", KAFKA.bootstrapServers()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void shouldCreateEveryTopicOnceAndChangeNothingOnASecondApply() throws Exception {
        CliRun first = topics("apply", "--topic-prefix", "idem.");
        CliRun second = topics("apply", "--topic-prefix", "idem.");
        CliRun check = topics("check", "--topic-prefix", "idem.");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("changed: idem.model-weights: create with 1 partitions").contains("idem.images: create with 6");
        assertThat(second.out()).isEqualTo("topics: nothing to change, " + TopicCatalog.builtIn().topics().size() + " topics match\n");
        assertThat(check.exitCode()).isZero();
        try (Admin admin = Admin.create(KafkaSettings.of(KAFKA.bootstrapServers()).clientConfig(Map.of()))) {
            var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "idem.model-weights")))
                    .all().get().values().iterator().next();
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config.get("max.message.bytes").value()).isEqualTo(Integer.toString(RecordLimits.builtIn().modelRecordBytes()));
            assertThat(admin.describeTopics(List.of("idem.images")).allTopicNames().get().get("idem.images").partitions()).hasSize(6);
        }
    }

    @Test
    void shouldDetectAChangedConfigAndPutItBack() throws Exception {
        topics("apply", "--topic-prefix", "drift.");
        try (Admin admin = Admin.create(KafkaSettings.of(KAFKA.bootstrapServers()).clientConfig(Map.of()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "drift.model-weights"),
                    List.of(new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SET)))).all().get();
            // the broker applies a config change shortly after the controller accepted it
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeConfigs(List.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, "drift.model-weights"))).all().get().values().iterator().next()
                    .get("cleanup.policy").value().equals("delete"));
        }

        CliRun check = topics("check", "--topic-prefix", "drift.");
        CliRun apply = topics("apply", "--topic-prefix", "drift.");
        CliRun again = topics("check", "--topic-prefix", "drift.");

        assertThat(check.exitCode()).isEqualTo(3);
        assertThat(check.out()).isEqualTo("differs: drift.model-weights: cleanup.policy delete -> compact\n");
        assertThat(apply.out()).contains("changed: drift.model-weights: cleanup.policy delete -> compact");
        assertThat(again.exitCode()).as(again.toString()).isZero();
    }

    @Test
    void shouldReportMissingTopicsAndHonourPerTopicOverrides() {
        CliRun check = topics("check", "--topic-prefix", "fresh.", "--topic", "model-weights=ml.cat-models");
        CliRun apply = topics("apply", "--topic-prefix", "fresh.", "--topic", "model-weights=ml.cat-models");

        assertThat(check.exitCode()).isEqualTo(3);
        assertThat(check.out()).contains("differs: ml.cat-models: create").contains("differs: fresh.images: create");
        assertThat(apply.exitCode()).isZero();
        assertThat(topics("check", "--topic-prefix", "fresh.", "--topic", "model-weights=ml.cat-models").exitCode()).isZero();
    }

    @Test
    void shouldReportAReplicationFactorTheClusterCannotGiveAsUnfixable() {
        topics("apply", "--topic-prefix", "rf.");

        CliRun check = topics("check", "--topic-prefix", "rf.", "--replication-factor", "3");

        assertThat(check.exitCode()).isEqualTo(3);
        assertThat(check.out()).contains("cannot fix: rf.model-weights: replication factor 1, the catalog says 3");
    }
}
