package io.catstream.cli;

import io.catstream.kafka.KafkaSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import picocli.CommandLine.Option;

/**
 * How every Kafka-talking command reaches the cluster; validated into {@link KafkaSettings}. {@link #connect} is the
 * first network step of each: it waits at most {@code --timeout} for the cluster (see {@link ClusterWait}).
 */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka brokers to connect to (default: $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092; now ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Client properties file (security.protocol, sasl.*, ssl.*), as for Kafka's own tools.")
    Path commandConfig;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15s", converter = Durations.class,
            description = "How long to wait for the Kafka cluster to answer before giving up with exit code 2 "
                    + "(500ms, 15s, 1m; default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The settings, once the cluster answered within {@code --timeout}; {@code err} is told what is awaited. */
    KafkaSettings connect(PrintWriter err) {
        KafkaSettings settings = settings();
        awaitCluster(settings, err);
        return settings;
    }

    /** Waits for the cluster at {@code settings} (validated before, as {@code serve} does) within {@code --timeout}. */
    void awaitCluster(KafkaSettings settings, PrintWriter err) {
        ClusterWait.await(settings, validTimeout(), err);
    }

    /** {@code --timeout}, refused with exit code 2 unless above 0. */
    Duration validTimeout() {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new UserError("invalid value " + timeout.toMillis() + " ms for --timeout: must be above 0 (e.g. 15s)");
        }
        return timeout;
    }

    KafkaSettings settings() {
        if (bootstrapServers == null || bootstrapServers.isBlank() || !bootstrapServers.contains(":")) {
            throw new UserError("invalid value '" + bootstrapServers + "' for --bootstrap-servers: expected host:port[,host:port...]");
        }
        Map<String, String> props = new LinkedHashMap<>();
        if (commandConfig != null) {
            ModelFiles.requireFile(commandConfig, "--command-config");
            Properties loaded = new Properties();
            try (Reader in = Files.newBufferedReader(commandConfig)) {
                loaded.load(in);
            } catch (IOException e) {
                throw new UserError("cannot read --command-config " + commandConfig + ": " + e.getMessage(), e);
            }
            loaded.stringPropertyNames().forEach(k -> props.put(k, loaded.getProperty(k)));
        }
        return new KafkaSettings(bootstrapServers.strip(), props);
    }

    /**
     * The user error for a producer that could not write {@code topic}: the broker's message, and for a refused
     * write the ACL the {@code --command-config} principal needs ({@code principal} in topics/acls.yaml).
     */
    UserError cannotWrite(String topic, KafkaException e, String principal) {
        return new UserError("cannot send to " + topic + " at " + bootstrapServers.strip() + ": " + e.getMessage()
                + (e instanceof AuthorizationException ? " (the --command-config principal needs Write, Describe on "
                + topic + ", as " + principal + " in topics/acls.yaml)" : ""), e);
    }

    static Admin admin(KafkaSettings settings) {
        return Admin.create(settings.clientConfig(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "catstream-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000")));
    }
}
