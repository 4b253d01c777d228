package io.catstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.registry.ModelPublisher;
import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.PublishedModel;
import io.catstream.registry.RegistryFixtures;
import io.catstream.registry.RegistryTopic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    @TempDir
    Path dir;

    @Test
    void shouldKeepTopicsAndModelsAcrossARestartOnTheSameDataDirectory() throws Exception {
        byte[] model = RegistryFixtures.smallModel("durable", 1);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.at(dir.resolve("kafka"), 0).start()) {
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers());
            try (Admin admin = Admin.create(settings.clientConfig(Map.of()))) {
                new TopicReconciler(admin, TopicNames.DEFAULT).apply(TopicCatalog.builtIn());
            }
            try (ModelPublisher publisher = new ModelPublisher(settings, "model-weights", "durable", null, Clock.systemUTC(),
                    Duration.ofSeconds(30))) {
                publisher.publish(model, true, "before restart");
            }
            String before = broker.bootstrapServers();

            broker.restart();

            assertThat(broker.bootstrapServers()).isEqualTo(before);
            assertThat(Files.exists(broker.logDir().resolve("meta.properties"))).isTrue();
            ModelRegistry registry = RegistryTopic.load(settings, "model-weights", ModelRecordValidator.unsigned(), null,
                    Duration.ofSeconds(30));
            assertThat(registry.active("durable")).map(PublishedModel::sha256).contains(io.catstream.model.Sha256.hex(model));
            try (Admin admin = Admin.create(settings.clientConfig(Map.of()))) {
                assertThat(new TopicReconciler(admin, TopicNames.DEFAULT).diff(TopicCatalog.builtIn())).isEmpty();
            }
        }
        assertThat(Files.exists(dir.resolve("kafka/logs/meta.properties"))).as("data kept after close").isTrue();
    }
}
