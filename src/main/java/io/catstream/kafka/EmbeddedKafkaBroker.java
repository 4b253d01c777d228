package io.catstream.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one process) running inside this
 * JVM, for development, the demo and the integration tests. The data directory is formatted once (when it
 * has no {@code meta.properties}); {@link #stop()} then {@link #start()} on the same directory keeps every
 * topic and record, on the same ports.
 * <p>
 * Not for production: one node, replication factor 1, on 127.0.0.1; PLAINTEXT, or SASL/PLAIN with the KRaft
 * {@code StandardAuthorizer} ({@link #withSaslPlainAndAcls}) to test ACLs, or SASL/SCRAM-SHA-512 over TLS
 * ({@link #withSaslScramOverTls}) to test encrypted, password-hashed logins.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** The super user of a {@link #withSaslPlainAndAcls} broker (it runs {@code topics apply}). */
    public static final String ADMIN = "admin";
    private static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    private static final String SASL_LISTENER = "SASL_PLAINTEXT";
    private static final String TLS_LISTENER = "SASL_SSL";
    private static final String SCRAM = "SCRAM-SHA-512";

    /**
     * The TLS side of a {@link #withSaslScramOverTls} listener, PKCS12 files: the broker's key (and certificate, for
     * 127.0.0.1) and the trust store that clients use to check it.
     */
    public record TlsStores(Path keyStore, Path trustStore, String password) {
    }

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;
    /** user -> password when the client listener is SASL_PLAINTEXT with an authorizer; null for PLAINTEXT. */
    private Map<String, String> saslUsers;
    /** Non-null when the client listener is SASL_SSL with SCRAM-SHA-512 (no authorizer). */
    private TlsStores tls;

    private EmbeddedKafkaBroker(Path dataDir, boolean deleteOnClose, int port) {
        this.dataDir = dataDir.toAbsolutePath();
        this.deleteOnClose = deleteOnClose;
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = freePort();
    }

    /** A broker on {@code port} (0: a free port) keeping its data in {@code dataDir} (created if missing). */
    public static EmbeddedKafkaBroker at(Path dataDir, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, got " + port);
        }
        return new EmbeddedKafkaBroker(dataDir, false, port);
    }

    /** A broker on free ports with a temporary data directory, deleted by {@link #close()}: for tests. */
    public static EmbeddedKafkaBroker temporary() {
        try {
            return new EmbeddedKafkaBroker(Files.createTempDirectory("catstream-kafka-"), true, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the broker: " + e, e);
        }
    }

    /**
     * Before {@link #start()}: the client listener becomes SASL_PLAINTEXT with the PLAIN mechanism and these users
     * (name -> password, {@value #ADMIN} among them), and the KRaft {@code StandardAuthorizer} decides every request
     * ({@code super.users=User:admin}; nothing else is allowed without an ACL). The controller listener stays
     * PLAINTEXT on 127.0.0.1: the broker reaches its own controller there as {@code User:ANONYMOUS}, which is therefore
     * a super user too; clients cannot use that listener for data.
     */
    public synchronized EmbeddedKafkaBroker withSaslPlainAndAcls(Map<String, String> users) {
        if (server != null) {
            throw new IllegalStateException("configure SASL before start()");
        }
        if (!users.containsKey(ADMIN)) {
            throw new IllegalArgumentException("the users must include '" + ADMIN + "', the super user");
        }
        users.keySet().forEach(u -> {
            if (!u.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("user name '" + u + "': letters, digits, '.', '_' or '-'");
            }
        });
        this.saslUsers = Map.copyOf(users);
        return this;
    }

    /**
     * Before {@link #start()}: the client listener becomes SASL_SSL: TLS with {@code stores}, and SASL/SCRAM-SHA-512
     * logins for these users (name -> password, {@value #ADMIN} among them; the broker logs in to itself as admin). The
     * credentials are written into the cluster metadata when the storage is formatted (KIP-900), so they exist before
     * the first client connects. No authorizer: every user that logs in may do everything (ACLs are tested with
     * {@link #withSaslPlainAndAcls}). The controller listener stays PLAINTEXT on 127.0.0.1.
     */
    public synchronized EmbeddedKafkaBroker withSaslScramOverTls(Map<String, String> users, TlsStores stores) {
        withSaslPlainAndAcls(users);
        this.tls = stores;
        return this;
    }

    /** Client properties to log in as {@code user} (empty for a PLAINTEXT broker): what a --command-config file holds. */
    public Map<String, String> clientProperties(String user) {
        if (saslUsers == null) {
            return Map.of();
        }
        String password = saslUsers.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no user '" + user + "' on this broker");
        }
        if (tls != null) {
            return Map.of("security.protocol", TLS_LISTENER, "sasl.mechanism", SCRAM, "sasl.jaas.config",
                    scramLogin(user, password), "ssl.truststore.location", tls.trustStore().toAbsolutePath().toString(),
                    "ssl.truststore.password", tls.password(), "ssl.truststore.type", "PKCS12");
        }
        return Map.of("security.protocol", SASL_LISTENER, "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
    }

    /** Formats the data directory if needed and starts the broker; returns when it accepts connections. */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            throw new IllegalStateException("broker already running at " + bootstrapServers());
        }
        try {
            Files.createDirectories(dataDir);
            Path config = dataDir.resolve("server.properties");
            Properties props = serverProperties();
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "written by catstream EmbeddedKafkaBroker");
            }
            if (!Files.exists(logDir().resolve("meta.properties"))) {
                format(config);
            }
            KafkaRaftServer raft = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
            raft.startup();
            server = raft;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare broker data directory " + dataDir + ": " + e, e);
        }
    }

    private static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    private void format(Path config) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
        if (tls != null) {
            saslUsers.forEach((user, password) -> args.addAll(List.of("--add-scram",
                    SCRAM + "=[name=" + user + ",password=" + password + "]")));
        }
        int rc;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            rc = kafka.tools.StorageTool.execute(args.toArray(String[]::new), print);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting " + logDir() + " failed (" + rc + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String listener = tls != null ? TLS_LISTENER : saslUsers == null ? "PLAINTEXT" : SASL_LISTENER;
        p.put("listeners", listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listener + "://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", listener);
        p.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
        if (tls != null) {
            p.put("sasl.enabled.mechanisms", SCRAM);
            p.put("sasl.mechanism.inter.broker.protocol", SCRAM);
            p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", scramLogin(ADMIN, saslUsers.get(ADMIN)));
            p.put("ssl.keystore.location", tls.keyStore().toAbsolutePath().toString());
            p.put("ssl.keystore.password", tls.password());
            p.put("ssl.key.password", tls.password());
            p.put("ssl.keystore.type", "PKCS12");
            // the broker's own client side (inter-broker) checks its certificate like any client
            p.put("ssl.truststore.location", tls.trustStore().toAbsolutePath().toString());
            p.put("ssl.truststore.password", tls.password());
            p.put("ssl.truststore.type", "PKCS12");
        } else if (saslUsers != null) {
            p.put("sasl.enabled.mechanisms", "PLAIN");
            p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + ADMIN + "\" password=\"" + saslUsers.get(ADMIN) + "\"");
            saslUsers.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
            p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
            p.put("authorizer.class.name", AUTHORIZER);
            p.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
        }
        p.put("log.dirs", logDir().toString());
        // one node: every internal topic at replication 1, or consumer groups and transactions hang
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        // topics are created by `catstream topics apply`, never by a typo in a producer
        p.put("auto.create.topics.enable", "false");
        // topics without a max.message.bytes of their own (changelogs) may take records as large as a model's
        p.put("message.max.bytes", Integer.toString(RecordLimits.builtIn().modelRecordBytes()));
        // the default takes 128 MB of heap per broker
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        return p;
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code 127.0.0.1:PORT}, valid while running and again after a restart. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker (controlled shutdown) and waits for it; the data stays in the data directory. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer s = server;
        server = null;
        s.shutdown();
        s.awaitShutdown();
    }

    /** Stops and starts again on the same directory and ports. */
    public synchronized EmbeddedKafkaBroker restart() {
        stop();
        return start();
    }

    @Override
    public synchronized void close() {
        stop();
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", " + dataDir + (isRunning() ? ", running" : ", stopped") + "]";
    }
}
