package io.catstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional {@code backtest} section of a model header: written, read back equal, checked, absent by default. */
class ModelBacktestTest {

    static BacktestResult result(BacktestResult.Verdict verdict) {
        return new BacktestResult("cats", 3, 20, 11, 33, 4, 0.00081, 0.99991, 0.05, verdict,
                Instant.parse("2026-12-03T06:00:00Z"), null, List.of(new DataLineage.OffsetRange("images", 0, 0, 40),
                new DataLineage.OffsetRange("images", 1, 5, 33)), "cluster-1", "ab".repeat(32), 60, 8,
                Map.of("no-truth", 2L), Instant.parse("2026-12-03T07:00:00Z"));
    }

    @Test
    void shouldReadBackTheBacktestAModelFileCarries() {
        ModelArtifact model = TestModels.random(TestModels.SMALL, 5).withBacktest(result(BacktestResult.Verdict.WORSE_CLEARLY));

        ModelArtifact read = ModelCodec.decode(ModelCodec.encode(model));

        assertThat(read).isEqualTo(model);
        assertThat(read.backtest()).isEqualTo(result(BacktestResult.Verdict.WORSE_CLEARLY));
        assertThat(read.backtest().images()).isEqualTo(68);
        assertThat(read.backtest().modelAccuracy()).isEqualTo(31.0 / 68);
        assertThat(read.backtest().championAccuracy()).isEqualTo(53.0 / 68);
        String header = ModelCodec.inspect(ModelCodec.encode(model)).headerJson();
        assertThat(header).contains("\"verdict\" : \"worse-clearly\"").contains("\"modelOnly\" : 11")
                .contains("\"images\" : {").contains("\"0\" : [ 0, 40 ]");
    }

    @Test
    void shouldWriteAModelWithoutABacktestAsBefore() {
        ModelArtifact model = TestModels.random(TestModels.SMALL, 5);

        byte[] bytes = ModelCodec.encode(model);

        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("backtest");
        assertThat(ModelCodec.decode(bytes).backtest()).isNull();
        assertThat(ModelCodec.encode(model.withBacktest(null))).isEqualTo(bytes);
    }

    @Test
    void shouldRefuseABacktestWhoseImagesDisagreeWithItsCountsOrWhoseVerdictIsUnknown() {
        byte[] bytes = ModelCodec.encode(TestModels.random(TestModels.SMALL, 5).withBacktest(result(BacktestResult.Verdict.NOT_WORSE)));

        // same lengths, so the frame stays valid and only the header's meaning changes
        for (String[] change : List.of(new String[] {"\"images\":68", "\"images\":69"},
                new String[] {"\"verdict\":\"not-worse\"", "\"verdict\":\"not-wurse\""})) {
            byte[] changed = replace(bytes, change[0], change[1]);

            assertThatThrownBy(() -> ModelCodec.decode(changed)).as(change[1]).isInstanceOf(InvalidModelException.class)
                    .satisfies(e -> assertThat(((InvalidModelException) e).reason()).isEqualTo(InvalidModelException.Reason.BAD_HEADER))
                    .hasMessageContaining("backtest");
        }
    }

    @Test
    void shouldRefuseCountsThatDoNotAddUp() {
        assertThatThrownBy(() -> new BacktestResult("cats", 3, 20, 11, 33, 4, 0.1, 0.9, 0.05, BacktestResult.Verdict.NOT_WORSE,
                null, null, List.of(), "c", "ab".repeat(32), 60, 7, Map.of(), Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add up");
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).contains(from);
        return text.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }
}
