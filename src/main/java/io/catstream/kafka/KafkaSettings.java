package io.catstream.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How to reach a Kafka cluster: the bootstrap servers plus client properties (security: SASL/SSL settings
 * from a {@code --command-config} file). Validated once at the edge and passed down; the same settings
 * serve the Admin, producer and consumer clients, against any Kafka 3.x or 4.x cluster.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties) {

    public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must be host:port[,host:port...], got '" + bootstrapServers + "'");
        }
        clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of());
    }

    /** Client properties: the extra properties first, then bootstrap.servers, then {@code overrides}. */
    public Properties clientConfig(Map<String, ?> overrides) {
        Map<String, Object> all = new LinkedHashMap<>(clientProperties);
        all.put("bootstrap.servers", bootstrapServers);
        all.putAll(overrides);
        Properties props = new Properties();
        props.putAll(all);
        return props;
    }
}
