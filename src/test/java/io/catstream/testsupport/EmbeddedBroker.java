package io.catstream.testsupport;

import io.catstream.kafka.EmbeddedKafkaBroker;
import io.catstream.kafka.KafkaSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real in-process KRaft broker per test class, started before the first test and closed after the last:
 * {@code @RegisterExtension static final EmbeddedBroker KAFKA = new EmbeddedBroker();}. Tests keep apart by
 * topic prefix and application id, so a class pays the broker's start (~2 s) once.
 */
public final class EmbeddedBroker implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = EmbeddedKafkaBroker.temporary().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
        }
    }

    /** The running broker, e.g. to stop and restart it. */
    public EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker starts before the first test: register with @RegisterExtension "
                    + "on a static field");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Client settings for this broker, no extra properties. */
    public KafkaSettings settings() {
        return KafkaSettings.of(bootstrapServers());
    }
}
