package io.catstream.stream;

import static io.catstream.testsupport.RecordSchemas.ACCURACY_VALUE;
import static io.catstream.testsupport.RecordSchemas.ACTIVATION_VALUE;
import static io.catstream.testsupport.RecordSchemas.DEAD_LETTER_HEADERS;
import static io.catstream.testsupport.RecordSchemas.LABEL_VALUE;
import static io.catstream.testsupport.RecordSchemas.MODEL_WEIGHTS_HEADERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.image.ImageLimits;
import io.catstream.registry.Activation;
import io.catstream.registry.Ed25519Keys;
import io.catstream.registry.RecordSigner;
import io.catstream.registry.RegistryFixtures;
import io.catstream.registry.RegistryHeaders;
import io.catstream.stream.StreamFixtures.BadInput;
import io.catstream.testsupport.RecordSchemas;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The record contract of {@code topics/schemas/}: what the real topology writes (through a TopologyTestDriver,
 * {@link ScoringDriver}) and what the registry's record builder writes must be valid under the schemas, and a
 * record that breaks the contract must not be. ScoringAppIT checks records read back from a real broker too.
 */
class RecordSchemasTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(1);

    static final List<String> schemas = RecordSchemas.ALL;

    private ScoringDriver scoring;

    private ScoringDriver start(ImageLimits limits) {
        scoring = new ScoringDriver(limits, null, new SimpleMeterRegistry(), T0, WINDOW);
        return scoring;
    }

    /** Version {@code version} of {@code cats} published and activated at {@code at}. */
    private static void publish(ScoringDriver s, int version, Instant at) {
        s.publish(version, RegistryFixtures.smallModel(ScoringDriver.MODEL_NAME, 6 + version), at, null);
    }

    /** The topology with version 1 active and one cat scored: one label and one accuracy record out. */
    private ScoringDriver oneCatScored() {
        ScoringDriver s = start(ImageLimits.defaults());
        publish(s, 1, T0);
        s.send("cats/a.png", StreamFixtures.png(1), "1");
        s.advanceWallClock(AccuracyDeltas.forwardInterval(WINDOW)); // its accuracy delta reaches model-accuracy
        return s;
    }

    @AfterEach
    void close() {
        if (scoring != null) {
            scoring.close();
        }
    }

    @ParameterizedTest
    @FieldSource("schemas")
    void shouldHoldSchemasThatAreValidUnderTheDraft202012MetaSchema(String name) {
        assertThat(RecordSchemas.text(name)).contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"");
        assertThat(RecordSchemas.metaSchemaErrors(name)).isEmpty();
    }

    @Test
    void shouldWriteLabelsThatMatchTheImageLabelsSchemaWithAndWithoutTheTruth() {
        ScoringDriver s = start(ImageLimits.defaults());
        publish(s, 1, T0);

        s.send("cats/a.png", StreamFixtures.png(1), "1");
        s.send("random_images/b.jpg", StreamFixtures.jpeg(2), "0");
        s.send("unknown.png", StreamFixtures.png(3), null);
        s.send(null, StreamFixtures.png(4), null);

        List<byte[]> values = s.labels.readValuesToList();
        assertThat(values).hasSize(4);
        values.forEach(v -> RecordSchemas.assertValid(LABEL_VALUE, v));
        assertThat(values).extracting(v -> Label.fromJson(v).label()).containsExactly(true, false, null, null);
    }

    @Test
    void shouldWriteAccuracyRecordsThatMatchTheModelAccuracySchema() {
        ScoringDriver s = start(ImageLimits.defaults());
        publish(s, 1, T0);
        for (int i = 0; i < 6; i++) {
            s.send("img" + i, StreamFixtures.png(i), i % 2 == 0 ? "1" : "0");
        }
        s.advanceTime(WINDOW);
        publish(s, 2, T0.plusSeconds(2));
        s.send("next", StreamFixtures.png(9), "1");
        s.advanceWallClock(AccuracyDeltas.forwardInterval(WINDOW));

        List<byte[]> values = s.accuracy.readValuesToList();
        assertThat(values).hasSizeGreaterThanOrEqualTo(2);
        values.forEach(v -> RecordSchemas.assertValid(ACCURACY_VALUE, v));
    }

    @Test
    void shouldWriteDeadLetterHeadersThatMatchTheDeadLetterSchemaForEveryReason() {
        ScoringDriver s = start(BadInput.LIMITS);
        s.send("early.png", StreamFixtures.png(1), null); // before any model: no-model
        publish(s, 1, T0);
        for (BadInput bad : BadInput.values()) {
            s.send("bad-" + bad, bad.bytes, "1");
        }

        List<TestRecord<String, byte[]>> dead = s.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1 + BadInput.values().length);
        dead.forEach(r -> RecordSchemas.assertValid(DEAD_LETTER_HEADERS, r.headers()));
        assertThat(dead).extracting(r -> DeadLetter.header(r.headers(), DeadLetter.REASON_HEADER)).contains(DeadLetter.NO_MODEL);
    }

    @Test
    void shouldListExactlyTheScorersDeadLetterReasonsInTheSchema() {
        assertThat(RecordSchemas.listedValues(DEAD_LETTER_HEADERS, DeadLetter.REASON_HEADER))
                .containsExactlyInAnyOrderElementsOf(DeadLetter.reasons());
    }

    @Test
    void shouldWriteModelTopicRecordsThatMatchTheModelWeightsSchemasSignedOrNot() {
        KeyPair keys = Ed25519Keys.generate();
        RecordSigner signer = RecordSigner.of(keys.getPrivate());
        byte[] model = RegistryFixtures.smallModel(ScoringDriver.MODEL_NAME, 7);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.addAll(StreamFixtures.published("model-weights", "cats", 1, model, T0, true, null));
        records.addAll(StreamFixtures.published("model-weights", "cats", 2, model, T0.plusSeconds(1), true, signer));

        assertThat(records).hasSize(4);
        for (ProducerRecord<String, byte[]> r : records) {
            RecordSchemas.assertValid(MODEL_WEIGHTS_HEADERS, r.headers());
            if (RegistryHeaders.KIND_ACTIVATION.equals(RegistryHeaders.text(r.headers(), RegistryHeaders.KIND))) {
                RecordSchemas.assertValid(ACTIVATION_VALUE, r.value());
            }
        }
    }

    @Test
    void shouldRefuseALabelThatBreaksTheContract() {
        byte[] real = oneCatScored().labels.readValue();

        RecordSchemas.assertInvalidAfter(LABEL_VALUE, real, n -> n.put("probability", 1.5));
        RecordSchemas.assertInvalidAfter(LABEL_VALUE, real, n -> n.put("model_version", 0));
        RecordSchemas.assertInvalidAfter(LABEL_VALUE, real, n -> n.put("is_cat", "yes"));
        RecordSchemas.assertInvalidAfter(LABEL_VALUE, real, n -> n.put("scored_at", "yesterday"));
        RecordSchemas.assertInvalidAfter(LABEL_VALUE, real, n -> n.remove("label"));
        RecordSchemas.assertInvalidAfter(LABEL_VALUE, real, n -> n.put("confidence", 0.9));
    }

    @Test
    void shouldRefuseAccuracyAndActivationValuesThatBreakTheContract() {
        byte[] accuracy = oneCatScored().accuracy.readValue();
        byte[] activation = new Activation("cats", 2, T0, 1, "publish", null).toJson();

        RecordSchemas.assertInvalidAfter(ACCURACY_VALUE, accuracy, n -> n.put("tp", -1));
        RecordSchemas.assertInvalidAfter(ACCURACY_VALUE, accuracy, n -> n.put("accuracy", 1.01));
        RecordSchemas.assertInvalidAfter(ACCURACY_VALUE, accuracy, n -> n.remove("window_end"));
        RecordSchemas.assertInvalidAfter(ACTIVATION_VALUE, activation, n -> n.put("version", 0));
        RecordSchemas.assertInvalidAfter(ACTIVATION_VALUE, activation, n -> n.put("activatedAt", "2026-11-27 10:00"));
        RecordSchemas.assertInvalidAfter(ACTIVATION_VALUE, activation, n -> n.put("previousVersion", "1"));
    }

    @Test
    void shouldRefuseHeadersThatBreakTheContract() {
        ScoringDriver s = start(ImageLimits.defaults());
        s.send("early.png", StreamFixtures.png(1), null);
        Headers dead = s.deadLetters.readRecord().headers();
        Headers version = StreamFixtures.published("model-weights", "cats", 1,
                RegistryFixtures.smallModel(ScoringDriver.MODEL_NAME, 7), T0, false, null).get(0).headers();
        RecordSchemas.assertValid(DEAD_LETTER_HEADERS, dead);
        RecordSchemas.assertValid(MODEL_WEIGHTS_HEADERS, version);

        assertThat(RecordSchemas.errors(DEAD_LETTER_HEADERS, RecordSchemas.withHeader(dead, DeadLetter.REASON_HEADER, "blurry"))).isNotEmpty();
        assertThat(RecordSchemas.errors(DEAD_LETTER_HEADERS, RecordSchemas.withHeader(dead, DeadLetter.SOURCE_OFFSET_HEADER, "12a"))).isNotEmpty();
        assertThat(RecordSchemas.errors(DEAD_LETTER_HEADERS, RecordSchemas.withoutHeader(dead, DeadLetter.MESSAGE_HEADER))).isNotEmpty();
        assertThat(RecordSchemas.errors(MODEL_WEIGHTS_HEADERS, RecordSchemas.withHeader(version, RegistryHeaders.SHA256, "ABC"))).isNotEmpty();
        assertThat(RecordSchemas.errors(MODEL_WEIGHTS_HEADERS, RecordSchemas.withHeader(version, RegistryHeaders.KIND, "weights"))).isNotEmpty();
        assertThat(RecordSchemas.errors(MODEL_WEIGHTS_HEADERS, RecordSchemas.withHeader(version, RegistryHeaders.SIGNATURE, "c2ln"))).as(
                "a signature without its key id").isNotEmpty();
    }
}
