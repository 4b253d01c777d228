package io.catstream.stream;

import io.catstream.kafka.TopicCatalog;
import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.kafka.EmbeddedKafkaBroker;
import io.catstream.kafka.TopicNames;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.EmbeddedBroker;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every Kafka-talking command and {@code serve} over a SASL_SSL listener: TLS with a certificate made for this run
 * (keytool), SASL/SCRAM-SHA-512 logins, each command given its login and the trust store in a {@code --command-config}
 * file, as an operator would. A wrong password is refused with the broker's reason. (ACLs on SASL/PLAIN:
 * {@link AclIT}, {@link AclCommandsIT}.)
 */
class TlsScramCommandsIT {

    private static final String PREFIX = "tls.";
    static final Map<String, String> USERS = Map.of(EmbeddedKafkaBroker.ADMIN, "admin-secret", "trainer", "trainer-secret",
            "scorer", "scorer-secret", "sender", "sender-secret");

    @RegisterExtension
    static final EmbeddedBroker KAFKA = EmbeddedBroker.withSaslScramOverTls(USERS);

    @Test
    void shouldRunTopicsPublishModelsSendAndServeOverTlsWithScramLogins() throws Exception {
        Path work = StreamTestKit.tempDir("tls-it");
        ScoringTopics topics = ScoringTopics.of(TopicNames.withPrefix(PREFIX));
        assertThat(KAFKA.broker().clientProperties("scorer")).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");

        CliRun apply = cli(work, "admin", "topics", "apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        CliRun check = cli(work, "admin", "topics", "check");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.out()).contains(TopicCatalog.builtIn().topics().size() + " topics match");
        Path model = work.resolve("cats.catmodel");
        ModelCodec.write(model, TestModels.random(StreamTestKit.TINY, 1).withName(StreamTestKit.MODEL));
        CliRun publish = cli(work, "trainer", "publish", "--model", model.toString(), "--no-activate");
        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        CliRun list = cli(work, "trainer", "models", "list");
        assertThat(list.out()).as(list.toString()).contains("cats (1 versions, active: none)");
        CliRun show = cli(work, "trainer", "models", "show", "1", "--name", StreamTestKit.MODEL);
        assertThat(show.out()).as(show.toString()).contains("status: accepted");
        CliRun activate = cli(work, "trainer", "models", "activate", "1", "--name", StreamTestKit.MODEL);
        assertThat(activate.out()).as(activate.toString()).startsWith("active: cats@1");

        Path images = Files.createDirectories(work.resolve("images").resolve("cats"));
        for (int i = 0; i < 10; i++) {
            Files.write(images.resolve("cat." + i + (i % 2 == 0 ? ".png" : ".jpg")), ImageFlow.mixed(i));
        }
        CliRun send = cli(work, "sender", "send", images.getParent().toString());
        assertThat(send.exitCode()).as(send.toString()).isZero();
        List<String> sent = StreamTestKit.readCommitted(KAFKA.settings(), topics.images(), 10).stream().map(r -> r.key()).toList();

        ExactlyOnceAudit.Outcomes outcomes;
        try (ScorerProcess scorer = ScorerProcess.start("256m", work.resolve("scorer.log"), List.of(
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--command-config", AclLogins.commandConfig(KAFKA, work, "scorer"),
                "--topic-prefix", PREFIX, "--model-name", StreamTestKit.MODEL, "--stream-threads", "1",
                "--instance-id", "tls-scorer", "--state-dir", work.resolve("state").toString()))) {
            scorer.awaitHealthy(Duration.ofSeconds(240));
            outcomes = ExactlyOnceAudit.read(KAFKA.settings(), topics, sent, Duration.ofSeconds(120));
            assertThat(outcomes.missing(sent)).as("scorer log %s", scorer.log()).isEmpty();
        }
        assertThat(outcomes.labels()).hasSize(10);
        assertThat(outcomes.duplicates()).isEmpty();

        CliRun wrongPassword = CliRun.of("models", "list", "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--command-config", loginWithWrongPassword(work), "--topic-prefix", PREFIX);
        assertThat(wrongPassword.exitCode()).as(wrongPassword.toString()).isNotZero();
        assertThat(wrongPassword.err()).as(wrongPassword.toString()).containsIgnoringCase("authentication failed");
        System.out.printf("tls-it: topics apply/check, publish, models list/show/activate, send and serve over SASL_SSL "
                + "(SCRAM-SHA-512) ok; %s; wrong password: exit %d, %s", outcomes.summary(sent), wrongPassword.exitCode(),
                wrongPassword.err());
    }

    private static CliRun cli(Path work, String user, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--command-config",
                AclLogins.commandConfig(KAFKA, work, user), "--topic-prefix", PREFIX));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static String loginWithWrongPassword(Path work) throws Exception {
        Properties props = new Properties();
        props.putAll(KAFKA.broker().clientProperties("trainer"));
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"trainer\" password=\"not-the-password\";");
        Path file = work.resolve("wrong-password.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            props.store(out, "trainer with a wrong password");
        }
        return file.toString();
    }
}
