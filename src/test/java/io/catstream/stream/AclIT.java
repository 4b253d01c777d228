package io.catstream.stream;

import io.catstream.kafka.TopicCatalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Only the trainer writes models: a SASL/PLAIN broker with the KRaft StandardAuthorizer, the ACLs of topics/acls.yaml
 * applied by {@code catstream topics apply} (as admin, idempotent, then {@code topics check} is clean). The trainer
 * publishes with {@code catstream publish --command-config trainer.properties}; {@code catstream serve
 * --command-config scorer.properties} (its own JVM) reads the model and labels images; a third principal's write to
 * {@code model-weights} is refused with a TopicAuthorizationException, so is the scorer's, and nothing of theirs lands.
 */
class AclIT {

    private static final String PREFIX = "acl.";

    @RegisterExtension
    static final EmbeddedBroker KAFKA = AclLogins.broker();

    @Test
    void shouldLetOnlyTheTrainerWriteModelsWhileTheScorerServesWithItsOwnAcls() throws Exception {
        Path work = StreamTestKit.tempDir("acl-it");
        String bootstrap = KAFKA.bootstrapServers();
        ScoringTopics topics = ScoringTopics.of(io.catstream.kafka.TopicNames.withPrefix(PREFIX));

        CliRun before = CliRun.of("topics", "check", "--bootstrap-servers", bootstrap, "--command-config",
                commandConfig(work, "admin"), "--topic-prefix", PREFIX);
        CliRun apply = CliRun.of("topics", "apply", "--bootstrap-servers", bootstrap, "--command-config",
                commandConfig(work, "admin"), "--topic-prefix", PREFIX);
        CliRun again = CliRun.of("topics", "apply", "--bootstrap-servers", bootstrap, "--command-config",
                commandConfig(work, "admin"), "--topic-prefix", PREFIX);
        CliRun check = CliRun.of("topics", "check", "--bootstrap-servers", bootstrap, "--command-config",
                commandConfig(work, "admin"), "--topic-prefix", PREFIX);
        assertThat(before.exitCode()).as(before.toString()).isEqualTo(3);
        assertThat(before.out()).contains("differs: missing acl User:trainer ALLOW WRITE on TOPIC acl.model-weights (LITERAL)");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("changed: acl User:trainer ALLOW WRITE on TOPIC acl.model-weights (LITERAL)")
                .contains("changed: acl User:scorer ALLOW READ on TOPIC acl.images (LITERAL)")
                .contains("changed: acl User:scorer ALLOW ALL on TOPIC catstream-scorer- (PREFIXED)")
                .contains("changed: acl User:sender ALLOW WRITE on TOPIC acl.images (LITERAL)")
                .doesNotContain("User:intruder");
        assertThat(again.out()).as("apply is idempotent").isEqualTo("topics: nothing to change, " + TopicCatalog.builtIn().topics().size() + " topics match\n");
        assertThat(check.exitCode()).as(check.toString()).isZero();

        Path model = work.resolve("cats.catmodel");
        ModelCodec.write(model, TestModels.random(StreamTestKit.TINY, 1).withName(StreamTestKit.MODEL));
        CliRun intruderPublish = CliRun.of("publish", "--model", model.toString(), "--bootstrap-servers", bootstrap,
                "--command-config", commandConfig(work, "intruder"), "--topic-prefix", PREFIX);
        CliRun publish = CliRun.of("publish", "--model", model.toString(), "--bootstrap-servers", bootstrap,
                "--command-config", commandConfig(work, "trainer"), "--topic-prefix", PREFIX);
        assertThat(intruderPublish.exitCode()).as(intruderPublish.toString()).isNotZero();
        assertThat(intruderPublish.err()).as(intruderPublish.toString()).containsIgnoringCase("authoriz");
        System.out.printf("acl: intruder's catstream publish: exit %d, %s", intruderPublish.exitCode(), intruderPublish.err());
        assertThat(publish.exitCode()).as(publish.toString()).isZero();

        List<String> sent;
        ExactlyOnceAudit.Outcomes outcomes;
        try (ScorerProcess scorer = ScorerProcess.start("256m", Path.of("target", "acl-it", "scorer.log"), List.of(
                "--bootstrap-servers", bootstrap, "--command-config", commandConfig(work, "scorer"), "--topic-prefix", PREFIX,
                "--model-name", StreamTestKit.MODEL, "--stream-threads", "1", "--state-dir", work.resolve("state").toString()))) {
            scorer.awaitHealthy(Duration.ofSeconds(90));
            try (ImageFlow flow = ImageFlow.start(KAFKA.settings(), topics.images(), "acl", 50, 20, ImageFlow::mixed)) {
                flow.awaitDone(Duration.ofSeconds(30));
                flow.close();
                sent = flow.sent();
            }
            outcomes = ExactlyOnceAudit.read(KAFKA.settings(), topics, sent, StreamTestKit.DEADLINE);
            assertThat(outcomes.missing(sent)).as("scorer log %s:%n%s", scorer.log(), scorer.logTail()).isEmpty();
        }
        assertThat(outcomes.labels()).hasSize(20)
                .allSatisfy(r -> assertThat(Label.fromJson(r.value()).modelVersion()).isEqualTo(1));

        List<String> refused = new ArrayList<>();
        for (String user : List.of("intruder", "scorer")) {
            Throwable thrown = catchThrowable(() -> writeModelRecordAs(user, topics.modelWeights()));
            Throwable cause = thrown instanceof ExecutionException ? thrown.getCause() : thrown;
            assertThat(cause).as(user).isInstanceOf(TopicAuthorizationException.class);
            refused.add(user + ": " + cause.getClass().getSimpleName());
        }
        List<String> keys = readAllKeys(topics.modelWeights());
        System.out.printf("acl: trainer published, scorer labelled %d images, refused writes to model-weights: %s; "
                + "model-weights holds %s%n", outcomes.labels().size(), refused, keys);
        assertThat(keys).as("only the trainer's version and pointer").containsExactly("cats@1", "cats@active");
    }

    private static void writeModelRecordAs(String user, String topic) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA.settings(user).clientConfig(Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000")), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "cats@2", StreamTestKit.tinyModel(666))).get();
        }
    }

    private static List<String> readAllKeys(String topic) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KAFKA.settings().clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted")), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (consumer.position(p) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(r.key());
                }
            }
        }
        return keys;
    }

    private static String commandConfig(Path dir, String user) {
        return AclLogins.commandConfig(KAFKA, dir, user);
    }
}
