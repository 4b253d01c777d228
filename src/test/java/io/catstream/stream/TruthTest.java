package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading {@code image-truth} values, and the compact join entries' bytes. */
class TruthTest {

    private static final Instant RECORD_TIME = Instant.parse("2026-12-02T10:00:00.123Z");

    private static Truth parse(String key, String value) throws Truth.Rejected {
        return Truth.parse(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), RECORD_TIME);
    }

    @ParameterizedTest
    @CsvSource({"1,true", "0,false", "true,true", "false,false", "' 1\n',true"})
    void shouldReadThePlainValuesAtTheRecordsTime(String value, boolean isCat) throws Truth.Rejected {
        assertThat(parse("a", value)).isEqualTo(new Truth(isCat, null, RECORD_TIME));
    }

    @Test
    void shouldReadTheJsonValueWithItsSourceAndTime() throws Truth.Rejected {
        assertThat(parse("a", "{\"is_cat\": false, \"source\": \"moderator\", \"at\": \"2026-12-02T09:59:00Z\"}"))
                .isEqualTo(new Truth(false, "moderator", Instant.parse("2026-12-02T09:59:00Z")));
        assertThat(parse("a", "{\"is_cat\": true}")).isEqualTo(new Truth(true, null, RECORD_TIME));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a||empty", "a|'  '|empty", "|1|no-key", "a|cat|bad-value", "a|{\"is_cat\": 1}|bad-value", "a|[true]|bad-value",
        "a|{\"is_cat\": true, \"at\": \"yesterday\"}|bad-at", "a|{\"is_cat\": true, \"at\": 5}|bad-at"})
    void shouldRejectWhatIsNotTruthWithAReason(String key, String value, String reason) {
        Truth.Rejected e = catchThrowableOfType(Truth.Rejected.class, () -> parse(key, value));
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(reason).isIn(Truth.reasons());
    }

    @Test
    void shouldRoundTripTheJoinEntriesThroughTheirBytes() {
        PredictionEntry p = new PredictionEntry(7, 0.8125, true, 1_764_669_600_123L, PredictionEntry.State.MATCHED, 42, 0, Double.NaN, true);
        TruthEntry withSource = new TruthEntry(new Truth(false, "mod é", RECORD_TIME), true, 99);
        TruthEntry without = new TruthEntry(new Truth(true, null, RECORD_TIME), false, 100);

        assertThat(PredictionEntry.fromBytes(p.toBytes())).isEqualTo(p);
        assertThat(p.toBytes()).hasSize(43);
        PredictionEntry open = new PredictionEntry(7, 0.8125, true, 1_764_669_600_123L, PredictionEntry.State.OPEN, 42, 4, 0.25, null);
        assertThat(PredictionEntry.fromBytes(open.toBytes())).isEqualTo(open);
        assertThat(PredictionEntry.fromBytes(p.matched(false, 43).toBytes()).truthIsCat()).isFalse();
        assertThat(TruthEntry.fromBytes(withSource.toBytes())).isEqualTo(withSource);
        assertThat(TruthEntry.fromBytes(without.toBytes())).isEqualTo(without);
    }

    @Test
    void shouldReadTheJoinEntryWrittenBeforeItKeptTheMatchedTruthsClass() {
        // the 42-byte entry of a changelog written before the truth's class was kept: MATCHED, challenger 4 at 0.25
        byte[] old = java.nio.ByteBuffer.allocate(42).putInt(7).putDouble(0.8125).put((byte) 1).putLong(1_764_669_600_123L)
                .put((byte) PredictionEntry.State.MATCHED.ordinal()).putLong(42).putInt(4).putDouble(0.25).array();

        PredictionEntry read = PredictionEntry.fromBytes(old);

        assertThat(read).isEqualTo(new PredictionEntry(7, 0.8125, true, 1_764_669_600_123L, PredictionEntry.State.MATCHED,
                42, 4, 0.25, null));
        assertThat(read.to(PredictionEntry.State.EXPIRED, 50).toBytes()).as("written back in the new length").hasSize(43);
    }

    @Test
    void shouldWriteTheDocumentedLabelledPredictionJson() {
        LabelledPrediction p = new LabelledPrediction("cats/1.jpg", "catstream", 3, 0.93, true, false,
                Instant.parse("2026-12-02T10:00:00Z"), Instant.parse("2026-12-02T10:00:04.200Z"), 4200, "moderator");

        String json = new String(p.toJson(), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"image_id\":\"cats/1.jpg\",\"model_name\":\"catstream\",\"model_version\":3,"
                + "\"probability\":0.93,\"is_cat\":true,\"truth\":false,\"correct\":false,\"scored_at\":\"2026-12-02T10:00:00Z\","
                + "\"truth_at\":\"2026-12-02T10:00:04.200Z\",\"delay_ms\":4200,\"truth_source\":\"moderator\"}");
        assertThat(LabelledPrediction.fromJson(p.toJson())).isEqualTo(p);
    }
}
