package io.catstream.testsupport;

import io.catstream.kafka.EmbeddedKafkaBroker;
import io.catstream.kafka.KafkaSettings;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real in-process KRaft broker per test class, started before the first test and closed after the last:
 * {@code @RegisterExtension static final EmbeddedBroker KAFKA = new EmbeddedBroker();}. Tests keep apart by
 * topic prefix and application id, so a class pays the broker's start (~2 s) once.
 */
public final class EmbeddedBroker implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> saslUsers;
    private final boolean tls;
    private EmbeddedKafkaBroker broker;

    /** A PLAINTEXT broker. */
    public EmbeddedBroker() {
        this(null, false);
    }

    private EmbeddedBroker(Map<String, String> saslUsers, boolean tls) {
        this.saslUsers = saslUsers;
        this.tls = tls;
    }

    /** A SASL/PLAIN broker with the StandardAuthorizer and these users (name -> password, incl. admin). */
    public static EmbeddedBroker withSaslPlainAndAcls(Map<String, String> users) {
        return new EmbeddedBroker(Map.copyOf(users), false);
    }

    /** A SASL_SSL broker: SCRAM-SHA-512 logins for these users over TLS with a certificate made for this run. */
    public static EmbeddedBroker withSaslScramOverTls(Map<String, String> users) {
        return new EmbeddedBroker(Map.copyOf(users), true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        EmbeddedKafkaBroker b = EmbeddedKafkaBroker.temporary();
        if (tls) {
            b.withSaslScramOverTls(saslUsers, TestCertificates.make(b.dataDir()));
        } else if (saslUsers != null) {
            b.withSaslPlainAndAcls(saslUsers);
        }
        broker = b.start();
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

    /** Client settings for this broker: no extra properties, or the admin's login on a SASL broker. */
    public KafkaSettings settings() {
        return saslUsers == null ? KafkaSettings.of(bootstrapServers()) : settings(EmbeddedKafkaBroker.ADMIN);
    }

    /** Client settings that log in as {@code user}. */
    public KafkaSettings settings(String user) {
        return new KafkaSettings(bootstrapServers(), broker().clientProperties(user));
    }
}
