package io.catstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.TopicCatalog;
import io.catstream.kafka.TopicNames;
import io.catstream.kafka.TopicReconciler;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.nn.Forward;
import io.catstream.nn.NetworkShape;
import io.catstream.registry.RegistryFixtures.BadModel;
import io.catstream.testsupport.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The model registry's behaviour against a real broker, written once: each subclass supplies the broker
 * (in-process KRaft, or a Testcontainers Kafka where Docker exists). One broker per class; each test uses
 * its own model name, so the tests share the topic without seeing each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ModelRegistryContract {

    protected static final String PREFIX = "it.";
    protected static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    protected Path dir;

    private boolean topicsReady;
    private final List<AutoCloseable> openClients = Collections.synchronizedList(new ArrayList<>());

    /** The broker under test; called after it has started. */
    protected abstract String bootstrapServers();

    protected KafkaSettings settings() {
        return KafkaSettings.of(bootstrapServers());
    }

    protected String topic() {
        return TopicNames.withPrefix(PREFIX).modelWeights();
    }

    @BeforeEach
    void createTopicsOnce() throws Exception {
        if (!topicsReady) {
            try (Admin admin = Admin.create(settings().clientConfig(Map.of()))) {
                new TopicReconciler(admin, TopicNames.withPrefix(PREFIX)).apply(TopicCatalog.builtIn());
            }
            topicsReady = true;
        }
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : openClients) {
            c.close();
        }
        openClients.clear();
    }

    protected CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", bootstrapServers(), "--topic-prefix", PREFIX));
        return CliRun.of(all.toArray(String[]::new));
    }

    protected Path file(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    protected ModelRegistryClient client(java.security.PublicKey verifyKey, ModelRegistry.Listener listener) throws Exception {
        ModelRegistry registry = new ModelRegistry();
        if (listener != null) {
            registry.addListener(listener);
        }
        ModelRegistryClient client = new ModelRegistryClient(settings(), topic(), new ModelRecordValidator(verifyKey), registry).start();
        openClients.add(client);
        assertThat(client.awaitCaughtUp(DEADLINE)).as("registry client caught up").isTrue();
        return client;
    }

    protected long endOffset() {
        try (KafkaConsumer<String, byte[]> consumer = RegistryTopic.consumer(settings(), "it-end-offset")) {
            TopicPartition p = new TopicPartition(topic(), 0);
            return consumer.endOffsets(List.of(p)).get(p);
        }
    }

    @Test
    void shouldPublishListActivateAnOlderVersionAndTheConsumerSeesTheSwitch() throws Exception {
        assertThat(CliRun.of("keys", "generate", "--out", dir.resolve("keys").toString()).exitCode()).isZero();
        String signKey = dir.resolve("keys/catstream-signing.key").toString();
        String verifyKey = dir.resolve("keys/catstream-signing.pub").toString();
        Path v1 = file("flow1.catmodel", RegistryFixtures.smallModel("flow", 1));
        Path v2 = file("flow2.catmodel", RegistryFixtures.smallModel("flow", 2));

        CliRun first = cli("publish", "--model", v1.toString(), "--sign-key", signKey, "--verify-key", verifyKey);
        CliRun second = cli("publish", "--model", v2.toString(), "--sign-key", signKey, "--verify-key", verifyKey);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(first.out()).contains("published flow@1").contains("active: flow@1").contains("latency:");
        assertThat(second.out()).contains("published flow@2").contains("active: flow@2 (was 1)");

        List<String> switches = Collections.synchronizedList(new ArrayList<>());
        ModelRegistryClient client = client(Ed25519Keys.readPublic(Path.of(verifyKey)), new ModelRegistry.Listener() {
            @Override
            public void activeModelChanged(String name, PublishedModel previous, PublishedModel current, Activation activation) {
                if (name.equals("flow")) {
                    switches.add((previous == null ? "-" : previous.version()) + "->" + current.version());
                }
            }
        });
        assertThat(client.registry().active("flow")).map(PublishedModel::version).contains(2);

        CliRun list = cli("models", "list", "--name", "flow", "--verify-key", verifyKey);
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("flow (2 versions, active: 2)").containsPattern("\\*\\s+2\\s+48,7,5,1")
                .contains(RecordSigner.of(Ed25519Keys.readPrivate(Path.of(signKey))).keyId()).doesNotContain("refused");

        CliRun rollback = cli("models", "activate", "1", "--name", "flow", "--sign-key", signKey, "--verify-key", verifyKey);
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("active: flow@1 (was 2)");

        await().atMost(DEADLINE).until(() -> client.registry().active("flow").map(PublishedModel::version).orElse(0) == 1);
        // replayed from the start: 1 (first publish), 2 (second publish), then the rollback to 1
        assertThat(switches).containsExactly("-->1", "1->2", "2->1");
        assertThat(client.registry().active("flow").orElseThrow().artifact()).isEqualTo(ModelCodec.decode(Files.readAllBytes(v1)));
        assertThat(cli("models", "list", "--name", "flow").out()).containsPattern("\\*\\s+1\\s+48,7,5,1");
        CliRun show = cli("models", "show", "1", "--name", "flow", "--verify-key", verifyKey);
        assertThat(show.out()).contains("catstream.signature: ").contains("\"dims\" : [ 48, 7, 5, 1 ]").contains("status: accepted");
    }

    @Test
    void shouldRoundTripTheArticleShapeByteExactWithTheTrainersProbabilities() throws Exception {
        ModelArtifact trained = RegistryFixtures.model(new NetworkShape(new int[] {49152, 20, 7, 5, 1}), "article", 11);
        byte[] bytes = ModelCodec.encode(trained);

        ModelPublisher.Published published;
        try (ModelPublisher publisher = new ModelPublisher(settings(), topic(), "article", null, Clock.systemUTC(), DEADLINE)) {
            published = publisher.publish(bytes, true, "test");
        }
        List<byte[]> values = new ArrayList<>();
        RegistryTopic.readToEnd(settings(), topic(), DEADLINE, r -> {
            if ("article@1".equals(r.key())) {
                values.add(r.value());
            }
        });

        assertThat(bytes.length).isGreaterThan(7_800_000); // well over Kafka's 1 MB defaults
        assertThat(published.recordBytes()).isGreaterThan(bytes.length);
        assertThat(values).hasSize(1);
        assertThat(values.get(0)).isEqualTo(bytes);
        ModelArtifact consumed = ModelCodec.decode(values.get(0));
        DMatrixRMaj images = new DMatrixRMaj(8, 49152);
        Random random = new Random(3);
        for (int i = 0; i < images.data.length; i++) {
            images.data[i] = random.nextInt(256) / 255.0;
        }
        double[] expected = Forward.probabilities(trained.parameters(), images);
        double[] actual = Forward.probabilities(consumed.parameters(), images);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(actual).isEqualTo(expected); // float64 end to end: identical, not just close
    }

    @Test
    void shouldMakeEveryPublishVisibleToTheNextReaderAtOnce() throws Exception {
        // commit returns before the broker writes the transaction markers: without waiting for them, the next
        // publish could miss the last version and reuse its number (a CI run once read an empty topic here)
        byte[] model = RegistryFixtures.smallModel("burst", 1);
        try (ModelPublisher publisher = new ModelPublisher(settings(), topic(), "burst", null, Clock.systemUTC(), DEADLINE)) {
            for (int expected = 1; expected <= 15; expected++) {
                assertThat(publisher.publish(model, true, "burst").model().version()).isEqualTo(expected);
                ModelRegistry seen = RegistryTopic.load(settings(), topic(), ModelRecordValidator.unsigned(), null, DEADLINE);
                assertThat(seen.active("burst")).map(PublishedModel::version).contains(expected);
            }
        }
    }

    @Test
    void shouldFenceAnOlderPublisherOfTheSameNameSoNoVersionIsWrittenTwice() throws Exception {
        byte[] model = RegistryFixtures.smallModel("raced", 1);
        try (ModelPublisher older = new ModelPublisher(settings(), topic(), "raced", null, Clock.systemUTC(), DEADLINE);
             ModelPublisher newer = new ModelPublisher(settings(), topic(), "raced", null, Clock.systemUTC(), DEADLINE)) {

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> older.publish(model, true, "older"))
                    .isInstanceOf(org.apache.kafka.common.KafkaException.class);
            assertThat(newer.publish(model, true, "newer").model().version()).isEqualTo(1);
            assertThat(newer.publish(model, true, "newer again").model().version()).isEqualTo(2);
        }
        ModelRegistry registry = RegistryTopic.load(settings(), topic(), ModelRecordValidator.unsigned(), null, DEADLINE);
        assertThat(registry.versions("raced")).extracting(PublishedModel::version).containsExactly(1, 2);
        assertThat(registry.activation("raced").orElseThrow().reason()).isEqualTo("newer again");
    }

    @ParameterizedTest
    @EnumSource(BadModel.class)
    void shouldRefuseAnUnusableModelOnPublishAndWriteNothing(BadModel bad) throws Exception {
        Path model = file("bad.catmodel", bad.apply(RegistryFixtures.smallModel("refused", 1)));
        long before = endOffset();

        CliRun run = cli("publish", "--model", model.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains(bad.reason.code()).doesNotContain("Exception");
        assertThat(endOffset()).isEqualTo(before);
    }

    @Test
    void shouldRefuseToPublishUnsignedOrWithTheWrongKeyWhenAVerifyKeyIsSetAndWriteNothing() throws Exception {
        CliRun.of("keys", "generate", "--out", dir.resolve("ours").toString());
        CliRun.of("keys", "generate", "--out", dir.resolve("theirs").toString());
        Path model = file("ok.catmodel", RegistryFixtures.smallModel("refused", 1));
        long before = endOffset();

        CliRun unsigned = cli("publish", "--model", model.toString(), "--verify-key", dir.resolve("ours/catstream-signing.pub").toString());
        CliRun wrongKey = cli("publish", "--model", model.toString(), "--verify-key", dir.resolve("ours/catstream-signing.pub").toString(),
                "--sign-key", dir.resolve("theirs/catstream-signing.key").toString());

        assertThat(unsigned.exitCode()).isEqualTo(2);
        assertThat(unsigned.err()).contains("signature-missing");
        assertThat(wrongKey.exitCode()).isEqualTo(2);
        assertThat(wrongKey.err()).contains("signature-invalid");
        assertThat(endOffset()).isEqualTo(before);
    }

    @Test
    void shouldRefuseBadRecordsWrittenRawAndKeepTheActiveModel() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        RecordSigner signer = RecordSigner.of(keys.getPrivate());
        RecordSigner stranger = RecordSigner.of(Ed25519Keys.generate().getPrivate());
        byte[] good = RegistryFixtures.smallModel("guarded", 1);
        Activation first;
        try (ModelPublisher publisher = new ModelPublisher(settings(), topic(), "guarded", signer, Clock.systemUTC(), DEADLINE)) {
            first = publisher.publish(good, true, "first").activation();
        }
        List<RefusalReason> refused = Collections.synchronizedList(new ArrayList<>());
        ModelRegistryClient client = client(keys.getPublic(), new ModelRegistry.Listener() {
            @Override
            public void refused(Refusal refusal) {
                if ("guarded".equals(refusal.name())) {
                    refused.add(refusal.reason());
                }
            }
        });
        PublishedModel active = client.registry().active("guarded").orElseThrow();

        List<ProducerRecord<String, byte[]>> bad = new ArrayList<>();
        List<RefusalReason> expected = new ArrayList<>();
        int version = 2;
        Instant now = Instant.now();
        for (BadModel b : BadModel.values()) { // signed correctly: only the content is wrong
            bad.add(ModelRecords.version(topic(), "guarded", version++, b.apply(good), now, signer));
            expected.add(b.reason);
        }
        ProducerRecord<String, byte[]> shaHeader = ModelRecords.version(topic(), "guarded", version++, good, now, signer);
        RegistryHeaders.put(shaHeader.headers(), RegistryHeaders.SHA256, "0".repeat(64));
        ProducerRecord<String, byte[]> keyVersion = ModelRecords.version(topic(), "guarded", version++, good, now, signer);
        RegistryHeaders.put(keyVersion.headers(), RegistryHeaders.VERSION, "1");
        ProducerRecord<String, byte[]> otherName = ModelRecords.version(topic(), "guarded", version++,
                RegistryFixtures.smallModel("impostor", 1), now, signer);
        bad.addAll(List.of(shaHeader, keyVersion, otherName,
                ModelRecords.version(topic(), "guarded", version++, good, now, null),
                ModelRecords.version(topic(), "guarded", version++, good, now, stranger),
                // pointers: to a refused version, replay of an older valid one, unsigned
                ModelRecords.activation(topic(), new Activation("guarded", 2, Instant.now(), 1, "evil", null), signer),
                ModelRecords.activation(topic(), new Activation("guarded", 1, first.activatedAt().minusSeconds(3600), null, "replay", null), signer),
                ModelRecords.activation(topic(), new Activation("guarded", 1, Instant.now(), 1, "unsigned", null), null)));
        expected.addAll(List.of(RefusalReason.CHECKSUM_MISMATCH, RefusalReason.VERSION_MISMATCH, RefusalReason.NAME_MISMATCH,
                RefusalReason.SIGNATURE_MISSING, RefusalReason.SIGNATURE_INVALID, RefusalReason.UNKNOWN_VERSION,
                RefusalReason.STALE_ACTIVATION, RefusalReason.SIGNATURE_MISSING));
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(settings().clientConfig(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())))) {
            for (ProducerRecord<String, byte[]> r : bad) {
                raw.send(r);
            }
            raw.flush();
        }

        await().atMost(DEADLINE).until(() -> refused.size() >= expected.size());
        assertThat(refused).containsExactlyElementsOf(expected);
        assertThat(client.registry().active("guarded").orElseThrow()).isSameAs(active);
        assertThat(client.registry().versions("guarded")).extracting(PublishedModel::version).containsExactly(1);
        CliRun list = cli("models", "list", "--name", "guarded");
        assertThat(list.out()).contains("refused guarded@2: checksum-mismatch");
    }
}
