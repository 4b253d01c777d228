package io.catstream.stream;

import static io.catstream.testsupport.RecordSchemas.LABELLED_PREDICTION_VALUE;
import static io.catstream.testsupport.RecordSchemas.SHADOW_PREDICTION_VALUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.testsupport.RecordSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The shadow-scoring values of the #13 interface: {@link ShadowScore}, the label's shadow and the challenger pair of a labelled prediction. */
class ShadowScoreTest {

    private static final Instant AT = Instant.parse("2026-12-02T10:00:00.123Z");

    private static ShadowScore scored(double champion, double challenger) {
        return ShadowScore.scored("cats/cat.1.jpg", "catstream", 3, champion, 4, challenger, 2100, 2300, AT);
    }

    @Test
    void shouldAgreeExactlyWhenBothProbabilitiesAreOnTheSameSideOfTheThreshold() {
        assertThat(scored(0.93, 0.51).agree()).isTrue();
        assertThat(scored(0.1, 0.5).agree()).as("0.5 is not a cat").isTrue();
        assertThat(scored(0.5, 0.5000001).agree()).isFalse();
        assertThat(scored(0.93, 0.2).agree()).isFalse();
        ShadowScore failed = ShadowScore.failed("x", "catstream", 3, 0.9, 4, 10, 20, ShadowScore.NON_FINITE_PROBABILITY, AT);
        assertThat(failed.agree()).isFalse();
        assertThat(failed.challengerIsCat()).isNull();
        assertThat(failed.championIsCat()).isTrue();
    }

    @Test
    void shouldRefuseAScoreWithBothOrNeitherProbabilityAndReason() {
        assertThatThrownBy(() -> new ShadowScore("x", "m", 1, 0.5, 2, 0.4, false, 1, 1, "internal-error", AT))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new ShadowScore("x", "m", 1, 0.5, 2, null, false, 1, 1, null, AT))
                .hasMessageContaining("not neither");
        assertThatThrownBy(() -> new ShadowScore("x", "m", 1, 0.5, 2, null, true, 1, 1, "internal-error", AT))
                .hasMessageContaining("cannot agree");
    }

    @Test
    void shouldWriteTheSameBytesAsAJacksonTreeAndReadThemBack() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (ShadowScore s : new ShadowScore[] {scored(0.93, 0.88),
                ShadowScore.failed(null, "m", 1, 1.0E-17, 2, 5, 7, DeadLetter.INTERNAL_ERROR, Instant.EPOCH)}) {
            ObjectNode tree = json.createObjectNode();
            tree.put("image_id", s.imageId());
            tree.put("model_name", s.modelName());
            tree.put("champion_version", s.championVersion());
            tree.put("champion_probability", s.championProbability());
            tree.put("challenger_version", s.challengerVersion());
            tree.put("challenger_probability", s.challengerProbability());
            tree.put("agree", s.agree());
            tree.put("champion_micros", s.championMicros());
            tree.put("challenger_micros", s.challengerMicros());
            tree.put("failure_reason", s.failureReason());
            tree.put("scored_at", s.scoredAt().toString());

            assertThat(s.toJson()).isEqualTo(json.writeValueAsBytes(tree));
            assertThat(ShadowScore.parse(s.toJson())).isEqualTo(s);
            assertThat(JsonSerdes.shadowScore().deserializer().deserialize("t",
                    JsonSerdes.shadowScore().serializer().serialize("t", s))).isEqualTo(s);
        }
    }

    @Test
    void shouldWriteValuesThatMatchTheShadowPredictionsSchemaScoredOrFailed() {
        RecordSchemas.assertValid(SHADOW_PREDICTION_VALUE, scored(0.93, 0.2).toJson());
        for (String reason : ShadowScore.failureReasons()) {
            RecordSchemas.assertValid(SHADOW_PREDICTION_VALUE,
                    ShadowScore.failed("a.jpg", "m", 1, 0.3, 2, 5, 7, reason, AT).toJson());
        }
    }

    @Test
    void shouldRefuseAShadowPredictionThatBreaksTheContract() {
        byte[] real = scored(0.93, 0.88).toJson();

        RecordSchemas.assertInvalidAfter(SHADOW_PREDICTION_VALUE, real, n -> n.put("challenger_probability", 1.5));
        RecordSchemas.assertInvalidAfter(SHADOW_PREDICTION_VALUE, real, n -> n.put("failure_reason", "internal-error"));
        RecordSchemas.assertInvalidAfter(SHADOW_PREDICTION_VALUE, real, n -> n.put("failure_reason", "bored"));
        RecordSchemas.assertInvalidAfter(SHADOW_PREDICTION_VALUE, real, n -> n.remove("agree"));
        RecordSchemas.assertInvalidAfter(SHADOW_PREDICTION_VALUE, real, n -> n.put("challenger_version", 0));
        RecordSchemas.assertInvalidAfter(SHADOW_PREDICTION_VALUE, real, n -> n.put("is_cat", true));
        byte[] failed = ShadowScore.failed("a.jpg", "m", 1, 0.3, 2, 5, 7, DeadLetter.INTERNAL_ERROR, AT).toJson();
        RecordSchemas.assertInvalidAfter(SHADOW_PREDICTION_VALUE, failed, n -> n.put("agree", true));
    }

    @Test
    void shouldListExactlyTheFailureReasonsInTheSchema() {
        assertThat(RecordSchemas.listedValues(SHADOW_PREDICTION_VALUE, "failure_reason"))
                .filteredOn(v -> !v.equals("null"))
                .containsExactlyInAnyOrderElementsOf(ShadowScore.failureReasons());
    }

    @Test
    void shouldKeepTheShadowOutOfTheImageLabelsJson() {
        Label plain = new Label("cats/cat.1.jpg", true, 0.93, "catstream", 3, null, AT);
        Label shadowed = plain.withShadow(scored(0.93, 0.2));

        assertThat(shadowed.toJson()).isEqualTo(plain.toJson());
        assertThat(shadowed.shadow().challengerVersion()).isEqualTo(4);
        assertThat(Label.fromJson(shadowed.toJson()).shadow()).isNull();
    }

    @Test
    void shouldCarryTheChallengerPairInALabelledPredictionOnlyWhenItScored() {
        LabelledPrediction plain = new LabelledPrediction("a.jpg", "catstream", 3, 0.93, true, false, AT, AT.plusSeconds(4),
                4000, "moderator");
        LabelledPrediction paired = new LabelledPrediction("a.jpg", "catstream", 3, 0.93, true, false, AT, AT.plusSeconds(4),
                4000, "moderator", 4, 0.2);

        assertThat(new String(plain.toJson(), StandardCharsets.UTF_8)).doesNotContain("challenger");
        assertThat(plain.challengerCorrect()).isNull();
        assertThat(paired.correct()).isFalse();
        assertThat(paired.challengerCorrect()).as("0.2 says not a cat, and it is not").isTrue();
        assertThat(new String(paired.toJson(), StandardCharsets.UTF_8))
                .endsWith("\"challenger_version\":4,\"challenger_probability\":0.2,\"challenger_correct\":true}");
        assertThat(LabelledPrediction.fromJson(paired.toJson())).isEqualTo(paired);
        RecordSchemas.assertValid(LABELLED_PREDICTION_VALUE, plain.toJson());
        RecordSchemas.assertValid(LABELLED_PREDICTION_VALUE, paired.toJson());
        RecordSchemas.assertInvalidAfter(LABELLED_PREDICTION_VALUE, paired.toJson(), n -> n.remove("challenger_probability"));
        assertThatThrownBy(() -> new LabelledPrediction("a.jpg", "m", 3, 0.9, true, true, AT, AT, 0, null, 4, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepTheChallengerPairInTheJoinsCompactEntryAndReadEntriesWrittenBeforeIt() {
        Label label = new Label("a.jpg", true, 0.93, "catstream", 3, null, AT).withShadow(scored(0.93, 0.2));
        PredictionEntry entry = PredictionEntry.of(label, 77);

        PredictionEntry back = PredictionEntry.fromBytes(entry.toBytes());
        assertThat(back).isEqualTo(entry);
        assertThat(back.challenger()).isEqualTo(4);
        assertThat(back.challengerProbabilityOrNull()).isEqualTo(0.2);
        PredictionEntry failed = PredictionEntry.of(label.withShadow(
                ShadowScore.failed("a.jpg", "catstream", 3, 0.93, 4, 1, 1, DeadLetter.INTERNAL_ERROR, AT)), 77);
        assertThat(failed.challenger()).isNull();
        assertThat(failed.challengerProbabilityOrNull()).isNull();
        // the 30-byte entry of a changelog written before shadow scoring
        byte[] old = java.nio.ByteBuffer.allocate(30).putInt(3).putDouble(0.93).put((byte) 1).putLong(AT.toEpochMilli())
                .put((byte) PredictionEntry.State.MATCHED.ordinal()).putLong(77).array();
        PredictionEntry read = PredictionEntry.fromBytes(old);
        assertThat(read.version()).isEqualTo(3);
        assertThat(read.state()).isEqualTo(PredictionEntry.State.MATCHED);
        assertThat(read.sinceMillis()).isEqualTo(77);
        assertThat(read.challenger()).isNull();
    }
}
