package io.catstream.stream;

import static io.catstream.testsupport.RecordSchemas.LABELLED_PREDICTION_VALUE;
import static io.catstream.testsupport.RecordSchemas.TRUTH_DEAD_LETTER_HEADERS;
import static io.catstream.testsupport.RecordSchemas.TRUTH_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.image.ImageLimits;
import io.catstream.registry.RegistryFixtures;
import io.catstream.send.TruthSender;
import io.catstream.testsupport.RecordSchemas;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The record contract of the truth topics (docs/truth.md) against {@code topics/schemas/}: the values
 * {@code catstream truth} writes to {@code image-truth}, the {@code labelled-predictions} the real topology joins
 * from them (through a TopologyTestDriver, {@link ScoringDriver}) and the headers of its {@code truth-dlq} records;
 * and a record that breaks the contract must not be valid.
 */
class TruthRecordSchemasTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private ScoringDriver scoring;

    @BeforeEach
    void start() {
        scoring = new ScoringDriver(ImageLimits.defaults(), null, new SimpleMeterRegistry(), T0, Duration.ofMinutes(1));
        scoring.publish(1, RegistryFixtures.smallModel(ScoringDriver.MODEL_NAME, 7), T0, null);
    }

    @AfterEach
    void close() {
        scoring.close();
    }

    /** Header truth, truth after its image, truth before its image and plain truth: four joins, every kind. */
    private List<byte[]> joinEveryWay() {
        scoring.send("cats/header.png", StreamFixtures.png(1), "1");
        scoring.send("cats/after.png", StreamFixtures.png(2), null);
        scoring.sendTruth("cats/after.png", TruthSender.value(true, "moderator", T0.plusSeconds(42)));
        scoring.sendTruth("dogs/before.jpg", TruthSender.value(false, null, T0.minusSeconds(5)));
        scoring.send("dogs/before.jpg", StreamFixtures.jpeg(3), null);
        scoring.send("dogs/plain.jpg", StreamFixtures.jpeg(4), null);
        scoring.sendTruth("dogs/plain.jpg", "0".getBytes(StandardCharsets.UTF_8));
        return scoring.labelledPredictions.readValuesToList();
    }

    @Test
    void shouldWriteTruthValuesThatMatchTheImageTruthSchemaWithAndWithoutASource() {
        byte[] withSource = TruthSender.value(true, "catstream-truth", T0.plusMillis(4200));
        byte[] withoutSource = TruthSender.value(false, null, T0);

        RecordSchemas.assertValid(TRUTH_VALUE, withSource);
        RecordSchemas.assertValid(TRUTH_VALUE, withoutSource);
        // and the scorer reads what the schema describes as catstream's form
        scoring.sendTruth("cats/a.png", withSource);
        scoring.sendTruth("dogs/b.jpg", withoutSource);
        assertThat(scoring.truthDeadLetters.readRecordsToList()).isEmpty();
    }

    @Test
    void shouldRefuseATruthValueThatBreaksTheContract() {
        byte[] real = TruthSender.value(true, "moderator", T0);

        RecordSchemas.assertInvalidAfter(TRUTH_VALUE, real, n -> n.put("is_cat", 1));
        RecordSchemas.assertInvalidAfter(TRUTH_VALUE, real, n -> n.put("at", "2026-12-02 10:00"));
        RecordSchemas.assertInvalidAfter(TRUTH_VALUE, real, n -> n.remove("is_cat"));
        RecordSchemas.assertInvalidAfter(TRUTH_VALUE, real, n -> n.put("confidence", 0.9));
        assertThat(RecordSchemas.errors(TRUTH_VALUE, "1".getBytes(StandardCharsets.UTF_8))).as(
                "a plain value is an input form, not what catstream writes").isNotEmpty();
    }

    @Test
    void shouldWriteLabelledPredictionsThatMatchTheirSchemaForEveryKindOfJoin() {
        List<byte[]> values = joinEveryWay();

        assertThat(values).hasSize(4);
        values.forEach(v -> RecordSchemas.assertValid(LABELLED_PREDICTION_VALUE, v));
        assertThat(values).extracting(v -> LabelledPrediction.fromJson(v).truthSource())
                .containsExactlyInAnyOrder(Truth.HEADER_SOURCE, "moderator", null, null);
        assertThat(values).extracting(v -> LabelledPrediction.fromJson(v).delayMillis()).anyMatch(d -> d < 0);
    }

    @Test
    void shouldRefuseALabelledPredictionThatBreaksTheContract() {
        byte[] real = joinEveryWay().get(0);
        boolean correct = LabelledPrediction.fromJson(real).correct();

        RecordSchemas.assertInvalidAfter(LABELLED_PREDICTION_VALUE, real, n -> n.put("correct", !correct));
        RecordSchemas.assertInvalidAfter(LABELLED_PREDICTION_VALUE, real, n -> n.put("probability", -0.1));
        RecordSchemas.assertInvalidAfter(LABELLED_PREDICTION_VALUE, real, n -> n.put("delay_ms", 4.2));
        RecordSchemas.assertInvalidAfter(LABELLED_PREDICTION_VALUE, real, n -> n.put("truth_at", "soon"));
        RecordSchemas.assertInvalidAfter(LABELLED_PREDICTION_VALUE, real, n -> n.remove("truth_source"));
        RecordSchemas.assertInvalidAfter(LABELLED_PREDICTION_VALUE, real, n -> n.putNull("image_id"));
        RecordSchemas.assertInvalidAfter(LABELLED_PREDICTION_VALUE, real, n -> n.put("label", true));
    }

    @Test
    void shouldWriteTruthDeadLetterHeadersThatMatchTheirSchemaForEveryReason() {
        scoring.sendTruth(null, TruthSender.value(true, null, T0));                                // no-key
        scoring.sendTruth("a.png", "  ".getBytes(StandardCharsets.UTF_8));                        // empty
        scoring.sendTruth("b.png", "{\"is_cat\": \"yes\"}".getBytes(StandardCharsets.UTF_8));     // bad-value
        scoring.sendTruth("c.png", "{\"is_cat\": true, \"at\": \"noon\"}".getBytes(StandardCharsets.UTF_8)); // bad-at

        List<TestRecord<String, byte[]>> dead = scoring.truthDeadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> DeadLetter.header(r.headers(), DeadLetter.REASON_HEADER))
                .containsExactlyElementsOf(Truth.reasons());
        dead.forEach(r -> RecordSchemas.assertValid(TRUTH_DEAD_LETTER_HEADERS, r.headers()));
    }

    @Test
    void shouldListExactlyTheTruthDeadLetterReasonsInTheSchema() {
        assertThat(RecordSchemas.listedValues(TRUTH_DEAD_LETTER_HEADERS, DeadLetter.REASON_HEADER))
                .containsExactlyInAnyOrderElementsOf(Truth.reasons());
    }

    @Test
    void shouldRefuseTruthDeadLetterHeadersThatBreakTheContract() {
        scoring.sendTruth("a.png", "maybe".getBytes(StandardCharsets.UTF_8));
        Headers real = scoring.truthDeadLetters.readRecord().headers();
        RecordSchemas.assertValid(TRUTH_DEAD_LETTER_HEADERS, real);

        assertThat(RecordSchemas.errors(TRUTH_DEAD_LETTER_HEADERS, RecordSchemas.withHeader(real, DeadLetter.REASON_HEADER, "corrupt"))).as(
                "an image reason is not a truth reason").isNotEmpty();
        assertThat(RecordSchemas.errors(TRUTH_DEAD_LETTER_HEADERS, RecordSchemas.withHeader(real, DeadLetter.SOURCE_PARTITION_HEADER, "one")))
                .isNotEmpty();
        assertThat(RecordSchemas.errors(TRUTH_DEAD_LETTER_HEADERS, RecordSchemas.withoutHeader(real, DeadLetter.AT_HEADER)))
                .isNotEmpty();
    }
}
