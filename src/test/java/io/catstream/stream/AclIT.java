package io.catstream.stream;

import io.catstream.kafka.TopicCatalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.EmbeddedBroker;
import io.catstream.registry.Activation;
import io.catstream.registry.Ed25519Keys;
import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.ModelRecords;
import io.catstream.registry.PublishedModel;
import io.catstream.registry.RecordSigner;
import io.catstream.registry.Refusal;
import io.catstream.registry.RefusalReason;
import io.catstream.registry.RegistryRecord;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
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
 * {@code model-weights} is refused with a TopicAuthorizationException and nothing of it lands. The scorer may write
 * there (its gate task writes signed decisions and pointers, docs/gate.md "ACLs"), but a model version it writes
 * without the trainer's key, or signed with a controller key, is refused by every consumer that verifies signatures.
 */
class AclIT {

    private static final String PREFIX = "acl.";

    @RegisterExtension
    static final EmbeddedBroker KAFKA = AclLogins.broker();

    @Test
    void shouldLetOnlyTheTrainersModelsInWhileTheScorerServesWithItsOwnAcls() throws Exception {
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
        KeyPair trainerKeys = Ed25519Keys.generate();
        Path trainerKey = work.resolve("trainer.key");
        Ed25519Keys.writePrivate(trainerKey, trainerKeys.getPrivate());
        CliRun publish = CliRun.of("publish", "--model", model.toString(), "--bootstrap-servers", bootstrap,
                "--command-config", commandConfig(work, "trainer"), "--topic-prefix", PREFIX, "--sign-key", trainerKey.toString());
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

        Throwable thrown = catchThrowable(() -> writeModelRecordAs("intruder", new ProducerRecord<>(topics.modelWeights(),
                "cats@2", StreamTestKit.tinyModel(666))));
        Throwable cause = thrown instanceof ExecutionException ? thrown.getCause() : thrown;
        assertThat(cause).as("intruder").isInstanceOf(TopicAuthorizationException.class);

        // the scorer may write model-weights (its gate task's decisions), but not a model anyone accepts: unsigned, or
        // signed with a controller key (which signs pointers and decisions, never models)
        RecordSigner controller = RecordSigner.of(Ed25519Keys.generate().getPrivate());
        Instant now = Instant.now();
        writeModelRecordAs("scorer", ModelRecords.version(topics.modelWeights(), StreamTestKit.MODEL, 2,
                StreamTestKit.tinyModel(666), now, null));
        writeModelRecordAs("scorer", ModelRecords.version(topics.modelWeights(), StreamTestKit.MODEL, 3,
                StreamTestKit.tinyModel(667), now, controller));
        ModelRecordValidator consumer = new ModelRecordValidator(trainerKeys.getPublic(), List.of(controller.publicKey()));
        Map<String, RegistryRecord> checked = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : readAll(topics.modelWeights())) {
            checked.put(r.key(), consumer.validate(r));
        }
        System.out.printf("acl: trainer published, scorer labelled %d images, the intruder's write to model-weights: %s; "
                + "model-weights holds %s%n", outcomes.labels().size(), cause.getClass().getSimpleName(), checked);
        assertThat(checked.keySet()).as("the intruder's record did not land").containsExactly("cats@1", "cats@active", "cats@2", "cats@3");
        assertThat(checked.get("cats@1")).isInstanceOf(PublishedModel.class);
        assertThat(checked.get("cats@active")).isInstanceOf(Activation.class);
        assertThat(checked.get("cats@2")).isInstanceOfSatisfying(Refusal.class,
                r -> assertThat(r.reason()).isEqualTo(RefusalReason.SIGNATURE_MISSING));
        assertThat(checked.get("cats@3")).as("a controller key signs no model").isInstanceOfSatisfying(Refusal.class,
                r -> assertThat(r.reason()).isEqualTo(RefusalReason.SIGNATURE_INVALID));
    }

    private static void writeModelRecordAs(String user, ProducerRecord<String, byte[]> record) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA.settings(user).clientConfig(Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000")), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        List<ConsumerRecord<String, byte[]>> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KAFKA.settings().clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted")), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (consumer.position(p) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(r);
                }
            }
        }
        return keys;
    }

    private static String commandConfig(Path dir, String user) {
        return AclLogins.commandConfig(KAFKA, dir, user);
    }
}
