package io.catstream.stream;

import io.catstream.serve.ScoringApp;
import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.model.TestModels;
import io.catstream.registry.Activation;
import io.catstream.registry.Ed25519Keys;
import io.catstream.registry.ModelRecords;
import io.catstream.registry.RecordSigner;
import io.catstream.registry.RegistryFixtures.BadModel;
import io.catstream.registry.RegistryHeaders;
import io.catstream.testsupport.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hostile writer on {@code model-weights} while a scorer serves signed version 1 and images flow: one bad record
 * for every refusal reason of docs/model-registry.md that a record can carry, plus random bytes and a valid model
 * with one flipped bit. Each is refused with its reason (and counted in {@code catstream_models_refused_total{reason}}),
 * and version 1 keeps labelling images between and after them; no image is lost.
 */
class BadModelsIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final String NAME = StreamTestKit.MODEL;
    private static final RecordSigner TRAINER = RecordSigner.of(Ed25519Keys.generate().getPrivate());
    private static final RecordSigner INTRUDER = RecordSigner.of(Ed25519Keys.generate().getPrivate());

    private ScoringApp app;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    /** One bad record: what it is, the reason the scorer must give, how to build it from (topic, version). */
    private record Bad(String what, String reason, BiFunction<String, Integer, ProducerRecord<String, byte[]>> record) {
    }

    private static List<Bad> corpus(byte[] v1) {
        byte[] valid = io.catstream.registry.RegistryFixtures.smallModel(NAME, 7); // the shape the BadModel edits expect
        List<Bad> bad = new ArrayList<>();
        bad.add(new Bad("key without @version", "bad-key", (t, v) -> rekey(signed(t, v, valid), NAME + "-v" + v)));
        bad.add(new Bad("version record marked as activation", "bad-kind",
                (t, v) -> withHeader(signed(t, v, valid), RegistryHeaders.KIND, "activation")));
        bad.add(new Bad("no sha256 header", "missing-header", (t, v) -> without(signed(t, v, valid), RegistryHeaders.SHA256)));
        bad.add(new Bad("header names another model", "name-mismatch",
                (t, v) -> withHeader(signed(t, v, valid), RegistryHeaders.NAME, "dogs")));
        bad.add(new Bad("header version differs from key", "version-mismatch",
                (t, v) -> withHeader(signed(t, v, valid), RegistryHeaders.VERSION, "999")));
        bad.add(new Bad("sha256 header does not match the value", "checksum-mismatch",
                (t, v) -> withHeader(signed(t, v, valid), RegistryHeaders.SHA256, "0".repeat(64))));
        bad.add(new Bad("unsigned", "signature-missing", (t, v) -> ModelRecords.version(t, NAME, v, valid, Instant.now(), null)));
        bad.add(new Bad("signed by another key", "signature-invalid",
                (t, v) -> ModelRecords.version(t, NAME, v, valid, Instant.now(), INTRUDER)));
        for (BadModel model : BadModel.values()) {
            bad.add(new Bad("model file: " + model, model.reason.code(), (t, v) -> signed(t, v, model.apply(valid))));
        }
        byte[] badMagic = valid.clone();
        System.arraycopy("NOTMODEL".getBytes(StandardCharsets.US_ASCII), 0, badMagic, 0, 8);
        bad.add(new Bad("model file: bad magic", "bad-magic", (t, v) -> signed(t, v, badMagic)));
        bad.add(new Bad("model file: 8 trailing bytes", "trailing-bytes", (t, v) -> signed(t, v, Arrays.copyOf(valid, valid.length + 8))));
        bad.add(new Bad("model file: header without dims", "bad-header",
                (t, v) -> signed(t, v, TestModels.withHeader(valid, h -> h.remove("dims")))));
        byte[] random = new byte[4096];
        new Random(6).nextBytes(random);
        bad.add(new Bad("random bytes, correctly signed", "bad-magic", (t, v) -> signed(t, v, random)));
        bad.add(new Bad("valid signed model with one bit flipped in transit", "checksum-mismatch", (t, v) -> {
            ProducerRecord<String, byte[]> r = signed(t, v, valid);
            byte[] flipped = valid.clone();
            flipped[flipped.length - 13] ^= 0x10;
            return new ProducerRecord<>(t, null, r.key(), flipped, r.headers());
        }));
        bad.add(new Bad("activation that is not JSON", "bad-activation", (t, v) -> {
            ProducerRecord<String, byte[]> a = activation(t, v - 1, Instant.now());
            return new ProducerRecord<>(t, null, a.key(), "{not json".getBytes(StandardCharsets.UTF_8), a.headers());
        }));
        bad.add(new Bad("activation of a version never published", "unknown-version", (t, v) -> activation(t, 4242, Instant.now())));
        bad.add(new Bad("replayed old activation (downgrade)", "stale-activation",
                (t, v) -> activation(t, 1, Instant.parse("2020-01-01T00:00:00Z"))));
        bad.add(new Bad("another model for version 1", "version-conflict", (t, v) -> signed(t, 1, valid)));
        bad.add(new Bad("tombstone for version 1", "tombstone", (t, v) -> new ProducerRecord<>(t, null, NAME + "@1", null,
                signed(t, 1, v1).headers())));
        return bad;
    }

    @Test
    void shouldRefuseEveryBadModelRecordWithItsReasonWhileTheActiveVersionKeepsLabelling() throws Exception {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "badmodels.");
        byte[] v1 = StreamTestKit.tinyModel(1);
        send(StreamFixtures.published(topics.modelWeights(), NAME, 1, v1, Instant.now(), true, TRAINER));
        app = ScoringApp.start(StreamTestKit.config(KAFKA.settings(), topics, "badmodels-scorer", StreamTestKit.tempDir("badmodels"))
                .withVerifyKey(TRAINER.publicKey()));
        await().atMost(DEADLINE).until(() -> app.health().healthy());
        List<Bad> corpus = corpus(v1);
        Map<String, Integer> expected = new TreeMap<>();

        List<String> sent;
        try (ImageFlow flow = ImageFlow.start(KAFKA.settings(), topics.images(), "img", 25, 0, ImageFlow::mixed)) {
            int version = 2;
            for (Bad bad : corpus) {
                double refusedBefore = refused(bad.reason());
                double scoredBefore = scoredBy(1);
                send(List.of(bad.record().apply(topics.modelWeights(), version++)));
                await(bad.what()).atMost(DEADLINE).until(() -> refused(bad.reason()) == refusedBefore + 1);
                await("v1 still labels after: " + bad.what()).atMost(DEADLINE).until(() -> scoredBy(1) >= scoredBefore + 3);
                assertThat(app.context().active().current().version()).as(bad.what()).isEqualTo(1);
                expected.merge(bad.reason(), 1, Integer::sum);
            }
            Thread.sleep(500); // a little more traffic after the last bad record
            flow.close();
            sent = flow.sent();
        }
        ExactlyOnceAudit.Outcomes outcomes = ExactlyOnceAudit.read(KAFKA.settings(), topics, sent, DEADLINE);
        String scrape = StreamTestKit.get(app.httpPort(), "/metrics").body();

        System.out.printf("bad models: %d records refused %s; images %s, every label by v1%n", corpus.size(), expected,
                outcomes.summary(sent));
        expected.forEach((reason, n) -> assertThat(StreamTestKit.sample(scrape,
                "catstream_models_refused_total{reason=\"" + reason + "\"}")).as(reason).isEqualTo(n.doubleValue()));
        assertThat(outcomes.missing(sent)).isEmpty();
        assertThat(outcomes.duplicates()).isEmpty();
        for (ConsumerRecord<String, byte[]> label : outcomes.labels()) {
            assertThat(Label.fromJson(label.value()).modelVersion()).isEqualTo(1);
        }
        assertThat(StreamTestKit.sample(scrape, "catstream_model_active_version{model_name=\"" + NAME + "\"}")).isEqualTo(1);
        assertThat(StreamTestKit.sample(scrape, "catstream_model_swaps_total")).isEqualTo(1);
        assertThat(app.health().healthy()).isTrue();
    }

    private double refused(String reason) {
        var counter = app.context().metrics().registry().find("catstream.models.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double scoredBy(int version) {
        return app.context().metrics().registry().find("catstream.images.scored").tag("model_version", Integer.toString(version))
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static ProducerRecord<String, byte[]> signed(String topic, int version, byte[] model) {
        return ModelRecords.version(topic, NAME, version, model, Instant.now(), TRAINER);
    }

    private static ProducerRecord<String, byte[]> activation(String topic, int version, Instant at) {
        return ModelRecords.activation(topic, new Activation(NAME, version, at, null, "test", TRAINER.keyId()), TRAINER);
    }

    private static ProducerRecord<String, byte[]> rekey(ProducerRecord<String, byte[]> r, String key) {
        return new ProducerRecord<>(r.topic(), null, key, r.value(), r.headers());
    }

    private static ProducerRecord<String, byte[]> withHeader(ProducerRecord<String, byte[]> r, String header, String value) {
        RegistryHeaders.put(r.headers(), header, value);
        return r;
    }

    private static ProducerRecord<String, byte[]> without(ProducerRecord<String, byte[]> r, String header) {
        Headers headers = r.headers();
        headers.remove(header);
        return r;
    }

    private static void send(List<ProducerRecord<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA.settings().clientConfig(Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16_777_216)), new StringSerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }
}
