package io.catstream.registry;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same registry contract against Apache Kafka in Docker. Skipped (reported as skipped) where no Docker
 * engine is reachable, such as on the development machines.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersRegistryIT extends ModelRegistryContract {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Override
    protected String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
